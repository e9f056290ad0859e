"""summary.csv's rows as the charts and the notebook's tables draw them: the fan-out trials, the scenarios and
service mode's steps and knees, each in a fixed order, with the labels, flags and looks that tell their lines
apart. The figures in them are the ones Java wrote."""

import json

import numpy as np
import pandas as pd

from analysis.loading import CPU_IO_MIX, FAN_OUT, KNEE, OPEN_LOOP, closed_loop
from analysis.style import REFERENCE, model_color, model_rank, spare_colors

REQUEST_PERCENTILES = {"p50": "request_p50_ms", "p90": "request_p90_ms", "p99": "request_p99_ms",
                       "p99.9": "request_p999_ms", "max": "request_max_ms"}
# The Java clients, in the order their panels are drawn; a client not listed here comes after them.
CLIENT_ORDER = ("okhttp", "jdk", "reactor_netty")
# The columns a service row or a knee row may lack in an older summary.csv (or a test's frame): added blank.
OPEN_LOOP_COLUMNS = ("rate", "achieved_rate", "response_limit_ms", "rate_bound", "service_p50_ms", "service_p99_ms",
                     "lateness_p99_ms", "late_arrivals", "arrivals", "held", "first_error", "details", "p50_ms", "p99_ms")
# A client's marker in the service charts: the colour is the model's, so a model run through two clients needs the
# marker to tell its lines apart. A client not listed takes a spare.
CLIENT_MARKERS = {"okhttp": "o", "jdk": "s", "reactor_netty": "D"}
SPARE_CLIENT_MARKERS = ("^", "v", "P", "h", "p")


def fan_out_table(summary):
    """The fetch_n rows ready to draw, in a fixed order (models as style.MODEL_ORDER lists them), each with:

    - variant: what tells one line of a model from another within a client: the model, its pool size
      (fixed_pool), its CPU per response, and the server latency where it is not the run's usual one (the
      article's own setting, L = 1000 ms, beside a run at 100 ms);
    - series: the variant and, for a fan-out spread over several client pools, their number;
    - reference: the asyncio row, the article's own model, drawn beside every client's Java models;
    - ok: whether the trial's status is OK.

    Every value comes from a column of summary.csv as Java wrote it (ideal_ms, cpu_floor_ms, bound and the
    ratios are never recomputed); rows that are not OK stay, with their status, so the charts show them.
    """
    rows = closed_loop(summary)
    rows = rows[rows["benchmark"] == FAN_OUT].copy()
    if rows.empty:
        return rows.assign(variant=pd.Series(dtype=str), series=pd.Series(dtype=str),
                           reference=pd.Series(dtype=bool), ok=pd.Series(dtype=bool))
    usual_latency = rows["latency_ms"].mode().iloc[0]
    rows["variant"] = [variant_label(row, row["latency_ms"] != usual_latency) for _, row in rows.iterrows()]
    rows["series"] = [variant if pools <= 1 else f"{variant} pools={int(pools)}"
                      for variant, pools in zip(rows["variant"], rows["pools"])]
    rows["reference"] = rows["workload"] == REFERENCE
    rows["ok"] = rows["status"] == "OK"
    rows["rank"] = rows["workload"].map(model_rank)
    return rows.sort_values(["rank", "workload", "k", "cpu_us", "latency_ms", "pools", "n"], kind="stable") \
        .drop(columns="rank")


def variant_label(row, with_latency):
    """'fixed_pool k=64', 'virtual_threads h2c', 'virtual_threads +200µs CPU', 'asyncio (aiohttp)': what tells one line
    from another (over HTTP/1.1, the usual protocol, none is named).

    The client is a chart's facet, so it is not in the label, except for the reference, which is drawn on
    every client's panel and is one model with one client.
    """
    label = row["model"]
    if row.get("protocol", "http1") != "http1":
        label += f" {row['protocol']}"
    if row["workload"] == REFERENCE:
        label += f" ({row['client']})"
    if row["k"] > 0:
        # The pool's size, not the concurrency column: a pool of 64 fetching 10 has 10 in flight.
        label += f" k={int(row['k'])}"
    if row["cpu_us"] > 0:
        label += f" +{int(row['cpu_us'])}µs CPU"
    if with_latency:
        label += f" L={row['latency_ms']:g}ms"
    return label


def client_rank(client):
    """Where a client sits: okhttp, jdk, reactor_netty, then any other; panels and sweeps follow it."""
    return CLIENT_ORDER.index(client) if client in CLIENT_ORDER else len(CLIENT_ORDER)


def facet_clients(table):
    """The clients a chart draws a panel for: the Java clients in a fixed order (okhttp, jdk, reactor_netty,
    then any other), or the reference's client when the run has only the reference."""
    java = set(table.loc[~table["reference"], "client"])
    clients = java or set(table["client"])
    return sorted(clients, key=lambda client: (client_rank(client), client))


def facet_rows(table, client):
    """The rows of one client's panel: its own, and the reference's, which every panel shows."""
    return table[(table["client"] == client) | table["reference"]]


def labelled(rows):
    """Rows with a label for one bar each (the workload, a cpu_io_mix arrangement, and the client when the
    rows have several) and an ok flag."""
    rows = rows.copy()
    several_clients = rows["client"].nunique() > 1
    rows["label"] = [(row["workload"] if row["model"] in (row["workload"], "-")
                      else f"{row['workload']}: {row['model']}") + (f" ({row['client']})" if several_clients else "")
                     for _, row in rows.iterrows()]
    rows["ok"] = rows["status"] == "OK"
    return rows


def cpu_io_percentiles(results):
    """The I/O tasks' latency percentiles (from submission to response) per cpu_io_mix trial, in ms, as
    summary.csv's request columns give them, each with its interval (level_lo, level_hi) where Java wrote one, and
    how sure those are (interval_confidence, spread_over); an arrangement run at several settings (or clients) gets
    a row each."""
    closed = closed_loop(results.summary)
    rows = closed[closed["benchmark"] == CPU_IO_MIX]
    table = pd.DataFrame({"arrangement": rows["model"], "client": rows["client"], "n": rows["n"],
                          "latency_ms": rows["latency_ms"], "status": rows["status"]})
    for level, column in REQUEST_PERCENTILES.items():
        table[level] = rows[column]
        for end in ("_lo", "_hi"):
            if column + end in rows.columns:
                table[level + end] = rows[column + end]
    for column in ("interval_confidence", "spread_over"):
        if column in rows.columns:
            table[column] = rows[column]
    return table.reset_index(drop=True)


def client_markers(clients):
    """client -> marker: the fixed ones, then a spare for each client not known, by name."""
    unknown = sorted(set(clients) - set(CLIENT_MARKERS))
    return dict(CLIENT_MARKERS, **{client: SPARE_CLIENT_MARKERS[i % len(SPARE_CLIENT_MARKERS)]
                                   for i, client in enumerate(unknown)})


def open_loop_table(summary):
    """Service mode's rows (benchmark service: a step of a sweep; knee: a sweep's knee) ready to draw, in a fixed
    order (models as style.MODEL_ORDER lists them, then clients, then rising rate), each with:

    - variant: the model and what sets it apart (variant_label: k, CPU work), which its colour belongs to;
    - sweep: the variant, its client, its pools where > 1 and its arrivals where the run has both kinds: what
      one line of chart 9 and one bar of chart 10 stand for (the panel gives N and L);
    - ok: whether the row's status is OK; held: whether a step held (Java's held, false where blank);
    - color and marker: the model's colour (style.py) and the client's marker.

    Nothing is recomputed: the rate, the times from the intended start, the limit, the rate bound, held, the knee
    and why its sweep ended are summary.csv's."""
    rows = summary[summary["benchmark"].isin(OPEN_LOOP)].copy()
    for column in OPEN_LOOP_COLUMNS:
        if column not in rows.columns:
            rows[column] = np.nan
    rows["arrivals"] = rows["arrivals"].fillna("").astype(str)
    rows["held"] = rows["held"].astype("boolean").fillna(False).astype(bool)
    several_arrivals = rows["arrivals"].nunique() > 1
    rows["variant"] = [variant_label(row, False) for _, row in rows.iterrows()]
    rows["sweep"] = [f"{row['variant']} · {row['client']}"
                     + (f" pools={int(row['pools'])}" if row["pools"] > 1 else "")
                     + (f" · {row['arrivals']}" if several_arrivals else "") for _, row in rows.iterrows()]
    rows["ok"] = rows["status"] == "OK"
    spares = spare_colors(rows["workload"])
    markers = client_markers(rows["client"])
    rows["color"] = [model_color(workload, k, spares) for workload, k in zip(rows["workload"], rows["k"])]
    rows["marker"] = [markers[client] for client in rows["client"]]
    rows["rank"] = rows["workload"].map(model_rank)
    rows["client_rank"] = rows["client"].map(client_rank)
    return rows.sort_values(["rank", "workload", "k", "cpu_us", "client_rank", "client", "pools", "arrivals", "n",
                             "latency_ms", "rate"], kind="stable").drop(columns=["rank", "client_rank"])


def sweep_rates(details):
    """The rates a sweep stepped through, rising, as its knee row's details list them (p99_ms_by_rate); [] when
    the details are blank or say nothing of them."""
    try:
        return sorted(float(rate) for rate in json.loads(details)["p99_ms_by_rate"])
    except (TypeError, ValueError, KeyError, AttributeError):
        return []


def knee_table(summary):
    """A row per sweep's knee (open_loop_table's columns, rate = the knee, blank when no step held), with what Java
    wrote of the sweep's steps:

    - every_step_held: the knee is the sweep's top step, so the machine's knee is at least that (drawn "≥");
    - ended_at: the rate of the step that ended the sweep, the first after the knee (the first step when none
      held); blank when every step held.

    Both are read from the knee row's every_step_held and ended_at_rate. A run written before Java wrote those
    columns has them derived here instead, from the knee and the steps its details list (p99_ms_by_rate): the one
    place Python works out what Java now writes, kept only so that such runs still draw."""
    knees = open_loop_table(summary)
    knees = knees[knees["benchmark"] == KNEE].copy()
    if "every_step_held" in knees.columns and "ended_at_rate" in knees.columns:
        knees["every_step_held"] = knees["every_step_held"].astype("boolean").fillna(False).astype(bool)
        knees["ended_at"] = knees["ended_at_rate"].astype(float)
        return knees
    steps = [sweep_rates(details) for details in knees["details"]]
    knees["every_step_held"] = [bool(rates) and not pd.isna(knee) and knee >= rates[-1]
                                for knee, rates in zip(knees["rate"], steps)]
    knees["ended_at"] = [next((rate for rate in rates if pd.isna(knee) or rate > knee), np.nan)
                         for knee, rates in zip(knees["rate"], steps)]
    return knees
