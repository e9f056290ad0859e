"""Loads a results folder of the fan-out benchmark and draws the published charts from it.

The notebook (analysis.ipynb) stays thin: it calls these functions, so that they can be tested and so
that every chart is drawn the same way wherever it runs. Figures are built as matplotlib Figure objects
(never pyplot's global state) and rendered by the Agg and SVG backends only, so nothing needs a display.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import (AutoLocator, FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullFormatter,
                               NullLocator)

from analysis.errors import ResultsError
from analysis.hdr import read_hgrm
from analysis.style import REFERENCE, SCENARIO_COLOR, model_color, model_rank, series_styles, spare_colors

FAN_OUT = "fetch_n"
CPU_IO_MIX = "cpu_io_mix"
# Service mode (open loop): a row per step of a sweep, and a row per sweep with its knee. Neither is a closed-loop
# trial: charts 1 to 8 and the trials table never draw them, charts 9 and 10 draw nothing else.
SERVICE = "service"
KNEE = "knee"
OPEN_LOOP = (SERVICE, KNEE)
REQUIRED_COLUMNS = ("trial", "benchmark", "workload", "model", "client", "pools", "n", "latency_ms", "k",
                    "concurrency", "cpu_us", "mean_ms", "ideal_ms", "ratio_to_ideal", "cpu_floor_ms", "bound",
                    "ratio_to_bound", "status", "hdr")
REQUEST_PERCENTILES = {"p50": "request_p50_ms", "p90": "request_p90_ms", "p99": "request_p99_ms",
                       "p99.9": "request_p999_ms", "max": "request_max_ms"}
# CSVW (W3C's CSV on the Web): a table's metadata sits beside it under this suffix. The harness writes each column's
# datatype there (summary.csv-metadata.json), from the one declaration of its columns in Java.
TABLE_METADATA_SUFFIX = "-metadata.json"
NUMERIC_DATATYPES = ("double", "integer")


@dataclass(frozen=True)
class Metric:
    """A per-trial figure drawn against N: a summary.csv column as Java wrote it, or converted to a per-request
    unit (over the row's n, times a unit factor), which is arithmetic on Java's figure, not a recomputation.
    A metric that counts events is drawn on a linear axis from 0 with whole-number ticks, any other on a log
    axis (when all its values are above 0)."""

    column: str
    title: str
    unit: str
    per_request: bool = False
    factor: float = 1.0
    counts: bool = False

    def values(self, rows):
        values = rows[self.column] * self.factor
        return values / rows["n"] if self.per_request else values


FOOTPRINT = (
    Metric("peak_rss_mb", "peak RSS of the fork", "MB (log)"),
    Metric("alloc_bytes_per_op", "allocated per request", "KiB per request (log)", per_request=True,
           factor=1 / 1024),
    Metric("jit_cpu_ms_per_op", "JIT compiler CPU per request", "µs per request (log)", per_request=True,
           factor=1000.0),
    Metric("pinned_events", "virtual-thread pinned events", "events in the trial", counts=True),
)
THREADS_AND_CPU = (
    Metric("peak_threads", "peak live threads", "threads (log)"),
    Metric("client_cpu_us_per_request", "client CPU per request", "µs per request (log)"),
    Metric("server_cpu_us_per_request", "server CPU per request", "µs per request (log)"),
)
SPECTRUM_LEVELS = (50.0, 90.0, 99.0, 99.9, 99.99)
MICROS_PER_MILLI = 1000.0
# The Java clients, in the order their panels are drawn; a client not listed here comes after them.
CLIENT_ORDER = ("okhttp", "jdk", "reactor_netty")
CHARTS = ("1_wall_time", "2_ratio_heatmap", "3_latency_spectrum", "4_article_table", "5_cpu_io_mix",
          "6_footprint", "7_threads_and_cpu", "8_pool_scan", "9_service_response", "10_service_knee")


class ChartSkipped(Exception):
    """A chart does not apply to this run's data; the message says why, for the reader and for CI."""


@dataclass
class Results:
    """One results folder as read: summary.csv, meta.json and jmh.json."""

    directory: Path
    summary: pd.DataFrame
    meta: dict
    jmh: list

    @property
    def charts_dir(self):
        return self.directory / "charts"

    def histogram_path(self, row, kind, extension):
        """The histogram file of a summary row (kind 'request' or 'op', extension 'hgrm' or 'hlog'), by the
        stem the harness wrote in its hdr column; None when the trial recorded no histograms."""
        if pd.isna(row["hdr"]):
            return None
        return self.directory / f"{row['hdr']}.{kind}.{extension}"


def pick_results_dir(override=None, root=Path(".")):
    """The folder to read: the override (RESULTS_DIR), else the newest run, else the reference run.

    Run folders are named by their UTC start time, so the newest sorts last.
    """
    if override:
        return Path(override)
    runs = sorted(path.parent for path in (root / "results" / "runs").glob("*/summary.csv"))
    if runs:
        return runs[-1]
    reference = root / "results" / "reference"
    if not reference.is_dir():
        raise ResultsError(reference, "no results to read: set RESULTS_DIR, or run java -jar benchmarks.jar")
    return reference


def load_results(directory):
    """Reads and checks a results folder; any missing or malformed file raises ResultsError naming it."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ResultsError(directory, "is not a results folder (no such directory)")
    return Results(directory, read_summary(directory / "summary.csv"), read_json(directory / "meta.json", dict),
                   read_json(directory / "jmh.json", list))


def read_json(path, expected_type):
    """A JSON file whose top level must be expected_type (meta.json: an object, jmh.json: a list)."""
    if not path.is_file():
        raise ResultsError(path, "is missing")
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ResultsError(path, f"is not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except UnicodeDecodeError:
        raise ResultsError(path, "is not UTF-8 text") from None
    if not isinstance(value, expected_type):
        wanted = "an object" if expected_type is dict else "a list"
        raise ResultsError(path, f"should hold {wanted}, not {type(value).__name__}")
    return value


def read_summary(path):
    """summary.csv as a DataFrame, each column of the type its metadata gives it; columns are found by name."""
    if not path.is_file():
        raise ResultsError(path, "is missing")
    try:
        summary = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ResultsError(path, f"is not a readable CSV ({str(error).strip()})") from None
    missing = [column for column in REQUIRED_COLUMNS if column not in summary.columns]
    if missing:
        raise ResultsError(path, f"missing column {', '.join(missing)} (has: {', '.join(summary.columns)})")
    if summary.empty:
        raise ResultsError(path, "has a header but no trial rows")
    datatypes = column_datatypes(path)
    for column in summary.columns:
        datatype = datatypes.get(column) if datatypes is not None else datatype_of(summary[column])
        if datatype in NUMERIC_DATATYPES:
            summary[column] = numeric_column(summary[column], column, path)
        elif datatype == "boolean":
            summary[column] = boolean_column(summary[column], column, path)
    return summary


def column_datatypes(table):
    """Each column's CSVW datatype, by name, from the metadata the harness writes beside a table; None for a table
    written before it did, whose types are then read off its values."""
    metadata_path = table.with_name(table.name + TABLE_METADATA_SUFFIX)
    if not metadata_path.is_file():
        return None
    metadata = read_json(metadata_path, dict)
    try:
        return {column["name"]: column["datatype"] for column in metadata["tableSchema"]["columns"]}
    except (KeyError, TypeError):
        raise ResultsError(metadata_path, "is not CSVW table metadata (tableSchema.columns, each with a name and"
                                          " a datatype)") from None


def datatype_of(values):
    """A column's type read off its values, for a table without metadata: numbers if every value is one, booleans
    if every value is true or false, text otherwise."""
    present = values.dropna()
    if present.empty:
        return "string"
    if pd.to_numeric(present, errors="coerce").notna().all():
        return "double"
    if present.str.strip().str.lower().isin(["true", "false"]).all():
        return "boolean"
    return "string"


def numeric_column(values, column, path):
    """A column as floats (blank = not measured); a non-blank value that is no number is an error."""
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna() & values.notna()
    if bad.any():
        first = bad.idxmax()
        raise ResultsError(path, f"row {first + 2}, column {column}: {values[first]!r} is not a number")
    return numbers


def boolean_column(values, column, path):
    """A column of Java booleans (true, false; blank = not a service step) as pandas' nullable booleans."""
    words = values.str.strip().str.lower()
    bad = words.notna() & ~words.isin(["true", "false"])
    if bad.any():
        first = bad.idxmax()
        raise ResultsError(path, f"row {first + 2}, column {column}: {values[first]!r} is neither true nor false")
    return words.map({"true": True, "false": False}).astype("boolean")


def closed_loop(summary):
    """The rows of closed-loop trials: every row but service mode's steps and knees."""
    return summary[~summary["benchmark"].isin(OPEN_LOOP)]


def caption(meta):
    """The line under every chart: which machine, JDK, date and profile the numbers belong to."""
    jdk = meta.get("jdk") or {}
    started = str(meta.get("started_at") or "unknown date")[:10]
    commit = str(meta.get("git_commit") or "")[:10]
    parts = [f"{meta.get('cores', '?')} cores, {meta.get('cpu_model', 'unknown CPU')}",
             f"JDK {jdk.get('version', '?')} ({jdk.get('vendor', '?')})",
             started, f"profile {meta.get('profile', '?')}"]
    if commit:
        parts.append(f"commit {commit}")
    return " · ".join(parts)


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
    """'fixed_pool k=64', 'virtual_threads +200µs CPU', 'asyncio (aiohttp)': what tells one line from another.

    The client is a chart's facet, so it is not in the label, except for the reference, which is drawn on
    every client's panel and is one model with one client.
    """
    label = row["model"]
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


def facet_clients(table):
    """The clients a chart draws a panel for: the Java clients in a fixed order (okhttp, jdk, reactor_netty,
    then any other), or the reference's client when the run has only the reference."""
    java = set(table.loc[~table["reference"], "client"])
    clients = java or set(table["client"])
    return sorted(clients, key=lambda client: (CLIENT_ORDER.index(client) if client in CLIENT_ORDER
                                                else len(CLIENT_ORDER), client))


def facet_rows(table, client):
    """The rows of one client's panel: its own, and the reference's, which every panel shows."""
    return table[(table["client"] == client) | table["reference"]]


def new_figure(meta, title, size):
    """A constrained-layout figure with its title and the caption line from meta.json."""
    fig = Figure(figsize=size, layout="constrained")
    fig.suptitle(title, fontsize=12)
    fig.text(0.0, 0.0, caption(meta), fontsize=7, color="dimgray", ha="left", va="top")
    return fig


def require_fan_out(results):
    """The fan-out table, or ChartSkipped: most charts are about fetch_n trials only."""
    table = fan_out_table(results.summary)
    if table.empty:
        raise ChartSkipped("skipped: no fetch_n rows in this run")
    return table


def panel_grid(fig, nrows, ncols, sharey="all", legend_width=0.75, sharex=True):
    """nrows × ncols panels, sharing their x axis (unless sharex is false) and their y axis across all
    panels ("all"), along each row ("row") or not (None), and a last column, as wide as legend_width panels,
    holding only the shared legend: one legend for the whole figure rather than one on a panel that hides the
    others' lines. With legend_width 0 there is no such column and the legend axes is None.
    Returns (axes as a 2-D array, legend axes)."""
    extra = [legend_width] if legend_width else []
    grid = fig.add_gridspec(nrows, ncols + len(extra), width_ratios=[1] * ncols + extra)
    axes = np.empty((nrows, ncols), dtype=object)
    for i in range(nrows):
        for j in range(ncols):
            first = (i, j) == (0, 0)
            share_y = {"all": None if first else axes[0, 0], "row": axes[i, 0] if j > 0 else None}.get(sharey)
            axes[i, j] = fig.add_subplot(grid[i, j], sharex=axes[0, 0] if sharex and not first else None,
                                         sharey=share_y)
    if not extra:
        return axes, None
    legend_ax = fig.add_subplot(grid[:, ncols])
    legend_ax.axis("off")
    return axes, legend_ax


def shared_legend(legend_ax, handles):
    """The figure's one legend, in its own column (or a spare panel)."""
    legend_ax.legend(handles=handles, loc="center left", fontsize=8, frameon=False, borderaxespad=0)


def series_handles(table, styles):
    """A legend entry per series of table, in the table's order, drawn as the series is."""
    return [Line2D([], [], label=name, **styles[name].line()) for name in dict.fromkeys(table["series"])]


def draw_against_n(ax, rows, values, style, failed_at=None):
    """One series against N: its OK trials joined by a line, broken where a trial is not OK; each such trial
    an x labelled with its status, at failed_at (its value, or its ideal when it has no time), or at the
    foot of the panel when that is blank too: a failed trial is never dropped."""
    order = rows["n"].sort_values().index
    shown = values.where(rows["ok"])
    ax.plot(rows.loc[order, "n"], shown.loc[order], label=rows["series"].iloc[0], **style.line())
    at = values if failed_at is None else failed_at
    for index in rows.index[~rows["ok"]]:
        mark_not_ok(ax, rows.at[index, "n"], at[index], rows.at[index, "status"], style.color)


def mark_not_ok(ax, x, y, status, color):
    """An x and the status of a trial that is not OK; without a y to put it at, at the foot of the panel."""
    transform = ax.transData if not pd.isna(y) else ax.get_xaxis_transform()
    y = y if not pd.isna(y) else 0.04
    ax.plot([x], [y], "x", color=color, markersize=10, markeredgewidth=2.2, transform=transform, zorder=5)
    ax.annotate(status, (x, y), xycoords=transform, textcoords="offset points", xytext=(6, 3), fontsize=8,
                fontweight="bold", color=color)


def format_n_axis(ax):
    """Log N (plain_log_axes labels it 1, 10, 100, 1,000, 10,000 once everything is drawn)."""
    ax.set_xscale("log")
    ax.set_xlabel("N, requests per fan-out (log)")
    ax.grid(True, which="major", alpha=0.35)
    ax.grid(True, which="minor", alpha=0.12)


def client_title(client, table):
    """A panel's title: its client, and that the reference is drawn on it too."""
    if table["reference"].all():
        return f"{client} (the reference only)"
    return f"client: {client}" + (" (+ the asyncio reference)" if table["reference"].any() else "")


def plot_wall_time(results):
    """Chart 1: mean op time against N, a panel per Java client, each model's two bounds beside it.

    A model's cost is the gap between its solid line and the higher of its dashed ideal (the latency bound,
    L × ceil(N/k)) and its dotted CPU floor (its own and the server's CPU over the cores), both as Java wrote
    them. Panels per client share their axes, so a reader tells the model's cost (the same colour on every
    panel) from the client's (the same model higher on one panel); the asyncio reference, the article's own
    model, is on every panel so that each Java model is read against it.
    """
    table = require_fan_out(results)
    styles = series_styles(table)
    clients = facet_clients(table)
    columns = min(len(clients), 3)
    rows_count = -(-len(clients) // columns)
    fig = new_figure(results.meta, "Mean time of one fan-out against N, with its two bounds",
                     (4.6 * columns + 3.2, 0.8 + 4.2 * rows_count))
    axes, legend_ax = panel_grid(fig, rows_count, columns, legend_width=0.7)
    for ax, client in zip(axes.flat, clients):
        rows = facet_rows(table, client)
        for name, series in rows.groupby("series", sort=False):
            style = styles[name]
            if not series["reference"].iloc[0]:
                ordered = series.sort_values("n")
                ax.plot(ordered["n"], ordered["ideal_ms"], "--", color=style.color, linewidth=1, alpha=0.8,
                        label=f"{name}: ideal")
                ax.plot(ordered["n"], ordered["cpu_floor_ms"], ":", color=style.color, linewidth=1.4,
                        label=f"{name}: CPU floor")
            draw_against_n(ax, series, series["mean_ms"], style, failed_at=series["ideal_ms"])
        ax.set_title(client_title(client, rows), fontsize=10)
        ax.set_yscale("log")
        format_n_axis(ax)
    for ax in axes.flat[len(clients):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("mean time of one op (ms, log)")
    plain_log_axes(axes.flat[:len(clients)])
    bounds = [Line2D([], [], color="dimgray", linewidth=1.6, marker="o", label="measured mean (solid)"),
              Line2D([], [], color="dimgray", linestyle="--", linewidth=1, label="ideal L × ceil(N/k) (dashed)"),
              Line2D([], [], color="dimgray", linestyle=":", linewidth=1.4, label="CPU floor (dotted)"),
              Line2D([], [], color="dimgray", marker="x", linestyle="", markersize=9, markeredgewidth=2,
                     label="not OK: at its ideal, status shown")]
    shared_legend(legend_ax, series_handles(table, styles) + [Line2D([], [], linestyle="", label="")] + bounds)
    return fig


def heatmap_columns(table, client):
    """The N a client's heatmap panel has a column for: those its Java models ran (the reference's own, on a
    run of the reference only)."""
    own = table[(table["client"] == client) & ~table["reference"]]
    return sorted((own if not own.empty else table[table["client"] == client])["n"].unique())


def heatmap_grid(table, client):
    """series × N frames for one client's panel: ratio_to_ideal, status, bound and ratio_to_bound as Java wrote
    them; its rows are every Java series of the run (so rows line up across panels) and then the reference."""
    rows = facet_rows(table, client)
    order = list(dict.fromkeys(table.loc[~table["reference"], "series"])) + \
        list(dict.fromkeys(table.loc[table["reference"], "series"]))
    columns = heatmap_columns(table, client)
    return {column: rows.pivot_table(index="series", columns="n", values=column, aggfunc="first", dropna=False)
            .reindex(index=order, columns=columns)
            for column in ("ratio_to_ideal", "status", "bound", "ratio_to_bound")}


COLOURBAR_TICKS = (1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0)
CPU_BOUND_MARKER = (3, 0, 180)  # a triangle pointing down, drawn in a cell's top-right corner


def plot_ratio_heatmap(results):
    """Chart 2: mean / ideal per model and N, a panel per Java client on one colour scale.

    The colour is the ratio to the latency ideal L × ceil(N/k), from 1.0 (the physical limit) up, the same
    scale on every panel, so a model's row reads across clients at a glance. Where the CPU floor is the
    higher bound (bound = cpu), a black corner says so and the cell adds the ratio to that floor: such a
    model is as slow as the CPU it burns, not as the waiting. Rows line up across panels (every Java model
    of the run, then the asyncio reference); a cell whose trial is not OK is hatched with its status, one
    that was not run says so.
    """
    table = require_fan_out(results)
    styles = series_styles(table)
    clients = facet_clients(table)
    grids = {client: heatmap_grid(table, client) for client in clients}
    references = table.loc[table["reference"], "series"].nunique()
    ok = table[table["ok"] & table["ratio_to_ideal"].notna()]
    top = max(float(ok["ratio_to_ideal"].max()) if not ok.empty else 2.0, 2.0)
    norm = LogNorm(vmin=1.0, vmax=top, clip=True)
    widths = [len(grids[client]["status"].columns) for client in clients]
    row_names = list(grids[clients[0]]["status"].index)
    # A run of few N or few models still gets cells its figures fit in, and a colour bar that can be read.
    cell_width = max(1.0, 6.0 / sum(widths))
    height = max(0.42 * len(row_names), 2.0)
    fig = new_figure(results.meta, "Ratio to ideal (mean / L × ceil(N/k)) by model, N and client: "
                     "1.0 is the physical limit", (3.4 + cell_width * sum(widths), 2.0 + height))
    grid = fig.add_gridspec(2, len(clients), width_ratios=widths, height_ratios=[height, 0.5])
    axes = [fig.add_subplot(grid[0, j]) for j in range(len(clients))]
    for ax, client in zip(axes, clients):
        cells = grids[client]
        shown = cells["ratio_to_ideal"].where(cells["status"] == "OK").to_numpy(dtype=float)
        image = ax.imshow(np.ma.masked_invalid(shown), cmap="YlOrRd", norm=norm, aspect="auto")
        for i, series in enumerate(row_names):
            for j, n in enumerate(cells["status"].columns):
                annotate_cell(ax, i, j, {column: frame.loc[series, n] for column, frame in cells.items()}, norm)
        ax.set_xticks(range(len(cells["status"].columns)), [plain_number(n) for n in cells["status"].columns])
        ax.set_xlabel("N")
        ax.set_title(f"client: {client}", fontsize=10)
        ax.set_yticks(range(len(row_names)), row_names if ax is axes[0] else [])
        if references and len(row_names) > references:
            ax.axhline(len(row_names) - references - 0.5, color="black", linewidth=2)
    for label, name in zip(axes[0].get_yticklabels(), row_names):
        label.set_color(styles[name].color)
    colorbar = fig.colorbar(image, ax=axes, label="mean / ideal (log scale, 1 = ideal)")
    colorbar.set_ticks([tick for tick in COLOURBAR_TICKS if tick <= top and (top <= 5 or tick not in (1.1, 1.25))])
    colorbar.ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value, "×")))
    colorbar.ax.yaxis.set_minor_locator(NullLocator())
    legend_ax = fig.add_subplot(grid[1, :])
    legend_ax.axis("off")
    legend_ax.legend(handles=[
        Line2D([], [], linestyle="", marker=CPU_BOUND_MARKER, color="black", markersize=8,
               label="CPU-bound: its CPU floor is above its ideal;\n'cpu 1.50×' = mean / CPU floor"),
        Patch(facecolor="lightgray", edgecolor="dimgray", hatch="///", label="trial not OK (status shown);\n"
              "'not run': no such trial")],
        loc="upper left", fontsize=8, frameon=False, ncol=2, borderaxespad=0)
    return fig


def plain_number(value, suffix=""):
    """200, 1,000, 0.5, 1.5×: what a reader compares, never 2e+02 or 10^3."""
    if value >= 1000:
        return f"{value:,.0f}{suffix}"
    return f"{value:.3g}{suffix}"


def plain_log_axes(axes):
    """Plain labels on every log axis of the given panels, once all is drawn."""
    for ax in axes:
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if scale == "log":
                plain_log_axis(axis)


def plain_log_axis(axis):
    """A log axis labelled with plain numbers, as many as fit: every decade over a wide span, 1-2-5 over a
    narrower one, evenly spaced round numbers (100, 125, 150, ...) over less than two thirds of a decade; the
    minor ticks unlabelled. Call it after drawing, so that it sees the span."""
    low, high = sorted(axis.get_view_interval())
    decades = np.log10(high / low) if low > 0 and high > 0 else 0.0
    if decades > 0.6:
        axis.set_major_locator(LogLocator(base=10, subs=(1.0,) if decades > 3.5 else (1.0, 2.0, 5.0)))
    else:
        axis.set_major_locator(FixedLocator([tick for tick in MaxNLocator(6).tick_values(low, high) if tick > 0]))
    axis.set_minor_locator(LogLocator(base=10, subs=tuple(np.arange(2.0, 10.0))))
    axis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value)))
    axis.set_minor_formatter(NullFormatter())


def annotate_cell(ax, i, j, cell, norm):
    """A heatmap cell's text: its ratio to ideal, and to the CPU floor with a corner marker when the CPU
    binds; a trial that is not OK is hatched and says its status; a combination not run says so."""
    status = cell["status"]
    if isinstance(status, str) and status != "OK":
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="lightgray", edgecolor="dimgray",
                               hatch="///"))
        ax.text(j, i, status, ha="center", va="center", fontsize=9, fontweight="bold", color="black")
    elif not pd.isna(cell["ratio_to_ideal"]):
        colour = "white" if norm(cell["ratio_to_ideal"]) > 0.6 else "black"
        cpu_bound = cell["bound"] == "cpu"
        ax.text(j, i - (0.12 if cpu_bound else 0), f"{cell['ratio_to_ideal']:.2f}×", ha="center", va="center",
                fontsize=9, color=colour)
        if cpu_bound:
            ax.plot(j + 0.36, i - 0.3, marker=CPU_BOUND_MARKER, color=colour, markersize=7)
            if not pd.isna(cell["ratio_to_bound"]):
                ax.text(j, i + 0.22, f"cpu {cell['ratio_to_bound']:.2f}×", ha="center", va="center", fontsize=7,
                        color=colour)
    else:
        ax.text(j, i, "not run", ha="center", va="center", fontsize=7, color="gray")


def plot_latency_spectrum(results):
    """Chart 3: per-request latency against 1/(1-p), HdrHistogram's classic plot, a row of panels per Java
    client and a column per N.

    A single request waits L at the server whatever the model; what a model adds shows in the tail, as
    queueing (a pool smaller than N) or scheduling (threads or a loop too busy to read a response). Each panel
    is one client at one N, so a model's tail is compared with the other models' on the same client and N,
    and with the asyncio reference's, drawn on every panel. A panel for a client that did not run that N is
    left empty and says so.
    """
    table = require_fan_out(results)
    styles = series_styles(table)
    clients = facet_clients(table)
    ns = sorted(table.loc[~table["reference"], "n"].unique()) or sorted(table["n"].unique())
    fig = new_figure(results.meta, "Per-request latency by percentile, by client and N (from each trial's "
                     ".request.hgrm)", (3.9 * len(ns) + 2.8, 0.9 + 3.3 * len(clients)))
    axes, legend_ax = panel_grid(fig, len(clients), len(ns), legend_width=0.7)
    empty = []
    for (i, client), (j, n) in ((pair_c, pair_n) for pair_c in enumerate(clients) for pair_n in enumerate(ns)):
        ax = axes[i, j]
        rows = facet_rows(table, client)
        rows = rows[rows["n"] == n]
        if rows[~rows["reference"]].empty and not table["reference"].all():
            ax.text(0.5, 0.5, f"{client}: N = {plain_number(n)} not run", transform=ax.transAxes, ha="center",
                    va="center", fontsize=9, color="gray")
            empty.append(ax)
            continue
        notes = [draw_spectrum(ax, results, row, styles[row["series"]]) for _, row in rows.iterrows()]
        ax.axhline(rows["latency_ms"].max(), color="black", linestyle=":", linewidth=1)
        notes = [note for note in notes if note]
        if notes:
            ax.text(0.03, 0.97, "\n".join(notes), transform=ax.transAxes, ha="left", va="top", fontsize=7,
                    fontweight="bold", color="dimgray")
        ax.set_title(f"{client} · N = {plain_number(n)}", fontsize=9)
    # The axis names go on the lowest drawn panel of each column and the leftmost of each row.
    bottom = [[ax for ax in column if ax not in empty][-1:] for column in axes.T]
    left = [[ax for ax in row if ax not in empty][:1] for row in axes]
    for ax in axes.flat:
        format_percentile_axis(ax, label=[ax] in bottom)
        if [ax] in left:
            ax.set_ylabel("one request (ms, log)")
    plain_log_axis(axes[0, 0].yaxis)
    for ax in empty:
        ax.set_axis_off()
    shared_legend(legend_ax, series_handles(table, styles) + [
        Line2D([], [], linestyle="", label=""),
        Line2D([], [], color="black", linestyle=":", linewidth=1, label="server latency L"),
        Line2D([], [], color="dimgray", linestyle=(0, (1, 2)), linewidth=1.6,
               label="trial not OK: dotted, status noted")])
    return fig


def draw_spectrum(ax, results, row, style):
    """One trial's percentile curve, its model's marker at its end; a trial that is not OK is dotted. Returns
    a note for the panel about a trial that is not OK (or has no histogram), else None."""
    path = results.histogram_path(row, "request", "hgrm")
    if path is None or not path.is_file():
        if row["ok"] and path is not None:
            raise ResultsError(path, "is missing (summary.csv has an OK trial for it)")
        return f"{row['series']}: {row['status']}, no histogram"
    spectrum = read_hgrm(path).dropna(subset=["inverse"])
    spectrum = spectrum[spectrum["inverse"] <= inverse_of(SPECTRUM_LEVELS[-1])]
    line = dict(style.line(), markevery=[len(spectrum) - 1] if len(spectrum) else None)
    if not row["ok"]:
        line["linestyle"] = (0, (1, 2))
    ax.plot(spectrum["inverse"], spectrum["value_ms"], label=row["series"], **line)
    return None if row["ok"] else f"{row['series']}: {row['status']}"


def inverse_of(level):
    """The x position of a percentile level (0-100) on HdrHistogram's plot: 1/(1-p)."""
    return 1.0 / (1.0 - level / 100.0)


def format_percentile_axis(ax, label=True):
    """Log x at 1/(1-p), labelled 50%, 90%, 99%, 99.9%, 99.99%."""
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1, inverse_of(SPECTRUM_LEVELS[-1]) * 1.2)
    ax.xaxis.set_major_locator(FixedLocator([inverse_of(level) for level in SPECTRUM_LEVELS]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{100 - 100 / x:.4g}%"))
    ax.xaxis.set_minor_locator(NullLocator())
    if label:
        ax.set_xlabel("percentile (log scale of 1/(1-p))")
    ax.grid(True, which="both", alpha=0.3)


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


def plot_article_table(results):
    """Chart 4: per scenario, the Java time, its ideal and the article's own figure, side by side.

    The article's figures are Python asyncio's, so its bars are asyncio's black; Java's bar is its model's
    colour where the row is a model (the article's sequential script) and one colour no model has for a
    scenario. The log scale lets seconds and milliseconds share an axis.
    """
    closed = closed_loop(results.summary)
    rows = labelled(closed[closed["article_s"].notna()])
    if rows.empty:
        raise ChartSkipped("skipped: no trial at the article's own setting in this run (article_s is blank)")
    fig = new_figure(results.meta, "The article's scenarios: Java's time beside its ideal and the article's figure",
                     (9, 1.6 + 0.55 * len(rows)))
    ax = fig.add_subplot()
    positions = np.arange(len(rows))
    java_colors = [model_color(workload, k) for workload, k in zip(rows["workload"], rows["k"])]
    measured = rows["ok"].to_numpy() & rows["mean_ms"].notna().to_numpy()
    ax.barh(positions[measured] - 0.27, rows["mean_ms"][measured] / MICROS_PER_MILLI, height=0.26,
            color=np.array(java_colors)[measured])
    ideal = rows["ideal_ms"].notna().to_numpy()
    ax.barh(positions[ideal], rows["ideal_ms"][ideal] / MICROS_PER_MILLI, height=0.26, color="white",
            edgecolor="dimgray")
    ax.barh(positions + 0.27, rows["article_s"], height=0.26, color=model_color(REFERENCE))
    mark_failed_bars(ax, rows, positions - 0.27)
    ax.set_yticks(positions, rows["label"])
    ax.invert_yaxis()
    ax.set_xscale("log")
    plain_log_axis(ax.xaxis)
    ax.set_xlabel("time (s, log)")
    ax.set_ylabel("the article's script: arrangement")
    ax.grid(True, axis="x", which="both", alpha=0.3)
    java = [Patch(color=color, label=f"Java, this run: {name}")
            for name, color in dict.fromkeys((workload if color != SCENARIO_COLOR else "a scenario", color)
                                             for workload, color, drawn in zip(rows["workload"], java_colors,
                                                                               measured) if drawn)]
    ax.legend(handles=java + [Patch(facecolor="white", edgecolor="dimgray", label="ideal (Java's)"),
                              Patch(color=model_color(REFERENCE), label="the article (Python asyncio)"),
                              Patch(facecolor="lightgray", edgecolor="dimgray", hatch="///",
                                    label="not OK (status shown)")],
              fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def mark_failed_bars(ax, rows, positions):
    """A scenario that failed keeps its row: a hatched gray bar, as long as its time or else its ideal."""
    for position, (_, row) in zip(positions, rows.iterrows()):
        if row["ok"]:
            continue
        reach = (row["mean_ms"] if not pd.isna(row["mean_ms"]) else row["ideal_ms"]) / MICROS_PER_MILLI
        ax.barh(position, reach, height=0.26, color="lightgray", edgecolor="dimgray", hatch="///")
        ax.text(reach, position, f" {row['status']}", va="center", fontsize=8, color="black", fontweight="bold")


def cpu_io_percentiles(results):
    """The I/O tasks' latency percentiles (from submission to response) per cpu_io_mix trial, in ms, as
    summary.csv's request columns give them; an arrangement run at several settings (or clients) gets a row
    each."""
    closed = closed_loop(results.summary)
    rows = closed[closed["benchmark"] == CPU_IO_MIX]
    table = pd.DataFrame({"arrangement": rows["model"], "client": rows["client"], "n": rows["n"],
                          "latency_ms": rows["latency_ms"], "status": rows["status"]})
    for level, column in REQUEST_PERCENTILES.items():
        table[level] = rows[column]
    return table.reset_index(drop=True)


# The percentile levels of chart 5, light to dark: grays, so that no level looks like a model.
PERCENTILE_GRAYS = ("#d0d0d0", "#a8a8a8", "#7a7a7a", "#4d4d4d", "#1f1f1f")


def plot_cpu_io_mix(results):
    """Chart 5: how CPU work placed beside I/O stretches the I/O's latency, per arrangement.

    The bars are the I/O requests' percentiles, light (p50) to dark (max), in grays so that no level is taken
    for a model; a trial that is not OK says its status in its row. The dotted line is the server's latency
    L: what an I/O task would take if the CPU work did not delay it."""
    mix = cpu_io_percentiles(results)
    if mix.empty:
        raise ChartSkipped("skipped: no cpu_io_mix trial in this run")
    fig = new_figure(results.meta, "CPU + I/O mix: I/O task latency (submission to response) per arrangement",
                     (9, 1.8 + 0.75 * len(mix)))
    ax = fig.add_subplot()
    positions = np.arange(len(mix))
    levels = list(REQUEST_PERCENTILES)
    offsets = np.linspace(-0.32, 0.32, len(levels))
    for offset, level, color in zip(offsets, levels, PERCENTILE_GRAYS):
        measured = mix[level].notna().to_numpy()
        ax.barh(positions[measured] + offset, mix[level][measured], height=0.15, color=color, label=level)
    for position, (_, row) in zip(positions, mix.iterrows()):
        if row["status"] != "OK":
            ax.text(0, position, f" {row['status']}", va="center", fontsize=9, color="black", fontweight="bold")
    several_clients = mix["client"].nunique() > 1
    ax.set_yticks(positions, [f"{row.arrangement}\nN = {int(row.n)}" + (f", {row.client}" if several_clients else "")
                              for row in mix.itertuples()], fontsize=8)
    ax.axvline(mix["latency_ms"].max(), color="black", linestyle=":", linewidth=1.2, label="server latency L")
    ax.invert_yaxis()
    ax.set_xlabel("I/O task latency, from submission to response (ms)")
    ax.set_ylabel("arrangement")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def measured_metrics(table, metrics):
    """The metrics this run measured (their column present and not all blank), in their fixed order."""
    return [metric for metric in metrics if metric.column in table.columns and table[metric.column].notna().any()]


def plot_metrics_against_n(results, metrics, title, nothing_measured):
    """Metrics against N, a line per model, as small multiples: one row per metric and one column per Java
    client (a row of panels shares its y axis, so clients compare), or, with one client, the metrics in a grid
    two wide. Every panel has the asyncio reference; a trial that is not OK is an x with its status."""
    table = require_fan_out(results)
    metrics = measured_metrics(table, metrics)
    if not metrics:
        raise ChartSkipped(nothing_measured)
    styles = series_styles(table)
    clients = facet_clients(table)
    if len(clients) == 1:
        columns = min(len(metrics), 2)
        cells = [(metric, clients[0]) for metric in metrics]
        rows_count = -(-len(metrics) // columns)
    else:
        columns, rows_count = len(clients), len(metrics)
        cells = [(metric, client) for metric in metrics for client in clients]
    spare = rows_count * columns > len(cells)  # an empty grid cell holds the legend
    fig = new_figure(results.meta, title, (4.3 * columns + (0 if spare else 3.0), 0.9 + 3.4 * rows_count))
    axes, legend_ax = panel_grid(fig, rows_count, columns, sharey="row" if len(clients) > 1 else None,
                                 legend_width=0 if spare else 0.75)
    for ax, (metric, client) in zip(axes.flat, cells):
        rows = facet_rows(table, client)
        values = metric.values(rows)
        for name, series in rows.groupby("series", sort=False):
            draw_against_n(ax, series, values[series.index], styles[name])
        ax.set_title(f"{metric.title} · {client}", fontsize=9)
        ax.set_ylabel(metric.unit)
        if not metric.counts and (metric.values(table).dropna() > 0).all():
            ax.set_yscale("log")
        else:
            # From just below 0, so that trials at 0 show whole.
            ax.set_ylim(bottom=-0.05 * max(float(metric.values(table).max()), 1.0))
            ax.yaxis.set_major_locator(MaxNLocator(integer=True) if metric.counts else AutoLocator())
            ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value)))
        format_n_axis(ax)
    for ax in axes.flat[len(cells):]:
        ax.set_visible(False)
    if spare:
        legend_ax = fig.add_subplot(axes[-1, -1].get_subplotspec())
        legend_ax.axis("off")
    plain_log_axes(axes.flat[:len(cells)])
    shared_legend(legend_ax, series_handles(table, styles) + [Line2D([], [], linestyle="", label=""), Line2D(
        [], [], color="dimgray", marker="x", linestyle="", markersize=9, markeredgewidth=2,
        label="not OK (status shown)")])
    return fig


def plot_threads_and_cpu(results):
    """Chart 7: what a model needs to keep N requests in flight: threads, and CPU per request on the client
    and on the server, against N, per Java client.

    The threads say which models hold one thread per request in flight (and so run into the machine's
    limits); the client's CPU per request is what the model and the client burn to move one request, the
    server's what the stub server burns for it, which the client can raise by opening more connections.
    Their sum over the cores is the CPU floor of chart 1 and 2.
    """
    return plot_metrics_against_n(
        results, THREADS_AND_CPU, "Threads and CPU per request against N, by model and client",
        "skipped: this run measured no threads or CPU per request ("
        + ", ".join(metric.column for metric in THREADS_AND_CPU) + " absent or blank)")


def plot_footprint(results):
    """Chart 6: what each model costs besides time and CPU, per request where it grows with N.

    Allocation and JIT CPU are per op in summary.csv, and an op of N = 10,000 allocates a thousand times one
    of N = 10: per request (over the row's n) the models compare at every N. Peak RSS is of the whole fork
    and pinned events of the whole trial, so they stay as written. Threads and CPU per request are chart 7.
    """
    return plot_metrics_against_n(
        results, FOOTPRINT, "Footprint against N: memory, allocation and JIT per request, pinning (threads "
        "and CPU: chart 7)", "skipped: this run measured no footprint ("
        + ", ".join(metric.column for metric in FOOTPRINT) + " absent or blank)")


def pool_scan_rows(table):
    """The rows of the pool-scan comparison: for each client, N and model variant that has a trial spread over
    several client pools (pools > 1), those trials and the same variant's pools = 1 trial at that N."""
    spread = table[(table["pools"] > 1) & ~table["reference"]]
    if spread.empty:
        raise ChartSkipped("skipped: no fetch_n trial with pools > 1 in this run")
    keys = spread[["client", "n", "variant"]].drop_duplicates()
    return table.merge(keys, on=["client", "n", "variant"])


POOL_HATCHES = ("//", "xx", "..", "\\\\")


def plot_pool_scan(results):
    """Chart 8: one fan-out's time with its requests on one client against spread over many (pools > 1).

    A client keeps its idle connections in one pool, and some clients scan that pool for a free connection
    on every request: at N = 10,000 in flight, each request pays for a scan of thousands. Spreading the same
    fan-out over 100 client instances (pools = 100) keeps each pool small; if the bar drops, that cost was the
    client's pool, not the concurrency model. A panel per client (and per N, if several), bars per model in
    its colour (solid: pools = 1, hatched: pools > 1), with the ideal (dashed) and the CPU floor (dotted) of
    each bar as Java wrote them, and the asyncio reference at that N as a black line where the run has it.
    """
    table = require_fan_out(results)
    rows = pool_scan_rows(table)
    styles = series_styles(table)
    clients = [client for client in facet_clients(table) if client in set(rows["client"])]
    ns = sorted(rows["n"].unique())
    spreads = sorted(set(rows["pools"]) - {1})
    variants = list(dict.fromkeys(rows["variant"]))
    fig = new_figure(results.meta, "Spreading a fan-out over client pools: op time with pools = 1 and pools > 1",
                     (1.2 + (0.9 + 0.75 * len(variants) * (1 + len(spreads))) * len(clients) + 2.6,
                      1.4 + 4.0 * len(ns)))
    axes, legend_ax = panel_grid(fig, len(ns), len(clients), legend_width=0.6, sharex=False)
    colors = {variant: styles[series].color for variant, series in zip(table["variant"], table["series"])}
    for (i, n), (j, client) in ((pair_n, pair_c) for pair_n in enumerate(ns) for pair_c in enumerate(clients)):
        ax = axes[i, j]
        cells = rows[(rows["client"] == client) & (rows["n"] == n)]
        shown = [variant for variant in variants if variant in set(cells["variant"])]
        for position, variant in enumerate(shown):
            for offset, pools in enumerate([1] + spreads):
                bar = cells[(cells["variant"] == variant) & (cells["pools"] == pools)]
                x = position + (offset - len(spreads) / 2) * 0.8 / (1 + len(spreads))
                draw_pool_bar(ax, x, 0.8 / (1 + len(spreads)), bar, pools, spreads, colors[variant])
        reference = table[table["reference"] & (table["n"] == n) & table["ok"]]
        for _, row in reference.iterrows():
            ax.axhline(row["mean_ms"], color=styles[row["series"]].color, linewidth=2.4, label=row["series"])
        ax.set_xticks(range(len(shown)), shown, rotation=20, ha="right", fontsize=8)
        ax.set_xlim(-0.6, len(variants) - 0.4)  # bars as wide on every panel
        for label, variant in zip(ax.get_xticklabels(), shown):
            label.set_color(colors[variant])
        ax.set_title(f"client: {client} · N = {plain_number(n)}", fontsize=10)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value)))
        ax.grid(True, axis="y", alpha=0.35)
    for ax in axes[:, 0]:
        ax.set_ylabel("mean time of one op (ms)")
    handles = [Patch(facecolor="dimgray", edgecolor="dimgray", label="pools = 1: every request on one client")]
    handles += [Patch(facecolor="white", edgecolor="dimgray", hatch=POOL_HATCHES[k % len(POOL_HATCHES)],
                      label=f"pools = {int(pools)}: spread over {int(pools)} clients")
                for k, pools in enumerate(spreads)]
    handles += [Line2D([], [], color="black", linestyle="--", linewidth=1.2, label="ideal L × ceil(N/k)"),
                Line2D([], [], color="black", linestyle=":", linewidth=1.6, label="CPU floor"),
                Patch(facecolor="lightgray", edgecolor="dimgray", hatch="///", label="not OK (status shown)")]
    if table["reference"].any():
        reference = table[table["reference"]].iloc[0]
        handles.append(Line2D([], [], color=styles[reference["series"]].color, linewidth=2.4,
                              label=f"{reference['series']} at that N"))
    shared_legend(legend_ax, handles)
    return fig


def draw_pool_bar(ax, x, width, bar, pools, spreads, color):
    """One bar of the pool-scan chart: the trial's mean time (solid for pools = 1, hatched otherwise) with its
    ideal and CPU floor as short lines across it; a trial not OK is gray up to its ideal with its status; a
    trial not run says so."""
    if bar.empty:
        ax.text(x, 0, " not run", ha="center", va="bottom", rotation=90, fontsize=7, color="gray")
        return
    row = bar.iloc[0]
    hatch = None if pools == 1 else POOL_HATCHES[spreads.index(pools) % len(POOL_HATCHES)]
    if row["ok"]:
        (drawn,) = ax.bar(x, row["mean_ms"], width, color=color if pools == 1 else "white", edgecolor=color,
                          hatch=hatch, linewidth=1.2)
        ax.text(x, row["mean_ms"], f"{plain_number(round(row['mean_ms']))}", ha="center", va="bottom", fontsize=7)
    else:
        (drawn,) = ax.bar(x, row["ideal_ms"], width, color="lightgray", edgecolor="dimgray", hatch="///")
        ax.text(x, np.nanmax([row["ideal_ms"], row["cpu_floor_ms"]]), row["status"], ha="center", va="bottom",
                fontsize=8, fontweight="bold")
    drawn.set_label(row["trial"])
    for column, linestyle, linewidth in (("ideal_ms", "--", 1.2), ("cpu_floor_ms", ":", 1.6)):
        if not pd.isna(row[column]):
            ax.plot([x - width / 2, x + width / 2], [row[column]] * 2, linestyle=linestyle, color="black",
                    linewidth=linewidth, label=f"{row['trial']}: {column}")


# Service mode: fan-outs arriving at a fixed rate (an open loop), a sweep of rising rates per model and client.

# The columns a service row or a knee row may lack in an older summary.csv (or a test's frame): added blank.
OPEN_LOOP_COLUMNS = ("rate", "achieved_rate", "response_limit_ms", "rate_bound", "service_p50_ms", "service_p99_ms",
                     "lateness_p99_ms", "late_arrivals", "arrivals", "held", "first_error", "details", "p50_ms", "p99_ms")
# A client's marker in the service charts: the colour is the model's, so a model run through two clients needs the
# marker to tell its lines apart. A client not listed takes a spare.
CLIENT_MARKERS = {"okhttp": "o", "jdk": "s", "reactor_netty": "D"}
SPARE_CLIENT_MARKERS = ("^", "v", "P", "h", "p")


def client_rank(client):
    """Where a client sits: okhttp, jdk, reactor_netty, then any other (as facet_clients orders the panels)."""
    return CLIENT_ORDER.index(client) if client in CLIENT_ORDER else len(CLIENT_ORDER)


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
    """A row per sweep's knee (open_loop_table's columns, rate = the knee, blank when no step held), with what its
    details say of the sweep's steps:

    - every_step_held: the knee is the sweep's top step, so the machine's knee is at least that (drawn "≥");
    - ended_at: the rate of the step that ended the sweep, the first after the knee (the first step when none
      held); blank when every step held."""
    knees = open_loop_table(summary)
    knees = knees[knees["benchmark"] == KNEE].copy()
    steps = [sweep_rates(details) for details in knees["details"]]
    knees["every_step_held"] = [bool(rates) and not pd.isna(knee) and knee >= rates[-1]
                                for knee, rates in zip(knees["rate"], steps)]
    knees["ended_at"] = [next((rate for rate in rates if pd.isna(knee) or rate > knee), np.nan)
                         for knee, rates in zip(knees["rate"], steps)]
    return knees


def open_loop_facets(table):
    """The panels of the service charts: one per N and server latency L the sweeps ran at, rising."""
    return sorted(set(zip(table["n"], table["latency_ms"])))


def facet_title(n, latency):
    return f"N = {plain_number(n)} · L = {plain_number(latency)} ms"


def open_loop_figure(results, title, facets, panel_size, legend_width, sharey):
    """A figure with a panel per facet, three to a row, and the shared legend's column; returns it, the panels
    (the unused ones hidden) and the legend's axes."""
    columns = min(len(facets), 3)
    rows_count = -(-len(facets) // columns)
    fig = new_figure(results.meta, title, (panel_size[0] * columns + 3.6, 1.0 + panel_size[1] * rows_count))
    axes, legend_ax = panel_grid(fig, rows_count, columns, sharey=sharey, legend_width=legend_width, sharex=False)
    for ax in axes.flat[len(facets):]:
        ax.set_visible(False)
    return fig, axes, legend_ax


def model_and_client_handles(table, patches=False):
    """Legend entries for the models (their colour) and, when markers tell them apart, the clients (a marker)."""
    handles = [Patch(color=color, label=variant) if patches else
               Line2D([], [], color=color, linewidth=2.0, label=variant)
               for variant, color in dict.fromkeys(zip(table["variant"], table["color"]))]
    if not patches:
        handles += [Line2D([], [], color="dimgray", marker=marker, linestyle="", markersize=6,
                           label=f"client: {client}")
                    for client, marker in dict.fromkeys(zip(table["client"], table["marker"]))]
    return handles


def plot_service_response(results):
    """Chart 9: the hockey stick. Response time of a fan-out (p99 solid, p50 dashed) against the offered rate, a
    line per model and client, a panel per N (and L), on one log time axis.

    A response time is measured from the arrival's intended start, where the fixed-rate schedule put it, not from
    when a busy client got round to starting it: a loop that measures from the actual start leaves out the waiting
    of the very arrivals that stalled (coordinated omission) and stays flat past the point where users wait. Flat
    near the ideal while the machine keeps up, the p99 turns up sharply once arrivals queue: a step holds while its
    p99 is within the limit (2 × the ideal of one fan-out), drawn dash-dotted. A ring marks a step that did not
    hold; a step that is not OK is an x with its status (at the top of the panel when it has no time).
    """
    table = open_loop_table(results.summary)
    steps = table[table["benchmark"] == SERVICE]
    if steps.empty:
        raise ChartSkipped("skipped: no service-mode rows in this run (benchmark = service)")
    facets = open_loop_facets(steps)
    fig, axes, legend_ax = open_loop_figure(
        results, "Open loop: response time of a fan-out against the offered rate, measured from each arrival's "
        "intended start (no coordinated omission)", facets, (5.2, 4.4), 0.85, "all")
    for ax, (n, latency) in zip(axes.flat, facets):
        cells = steps[(steps["n"] == n) & (steps["latency_ms"] == latency)]
        for _, rows in cells.groupby("sweep", sort=False):
            draw_service_sweep(ax, rows.sort_values("rate", kind="stable"))
        draw_response_limits(ax, cells)
        ax.set_title(facet_title(n, latency), fontsize=10)
        ax.set_yscale("log")
        ax.set_xlim(0, cells["rate"].max() * 1.06)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value)))
        ax.set_xlabel("offered rate (fan-outs/s)")
        ax.grid(True, which="major", alpha=0.35)
        ax.grid(True, which="minor", axis="y", alpha=0.12)
    for ax in axes[:, 0]:
        ax.set_ylabel("response time of a fan-out, from its\nintended start (ms, log)")
    plain_log_axes(axes.flat[:len(facets)])
    shared_legend(legend_ax, model_and_client_handles(steps) + [
        Line2D([], [], linestyle="", label=""),
        Line2D([], [], color="dimgray", linewidth=1.8, label="p99 response time (solid)"),
        Line2D([], [], color="dimgray", linewidth=1.1, linestyle="--", alpha=0.6, label="p50 response time (dashed)"),
        Line2D([], [], color="black", marker="o", markersize=12, markerfacecolor="none", markeredgewidth=1.4,
               linestyle="", label="step did not hold: p99 over the limit"),
        Line2D([], [], color="dimgray", marker="x", markersize=9, markeredgewidth=2, linestyle="",
               label="step not OK (status shown;\nwithout a time: at the top)"),
        Line2D([], [], color="black", linestyle="-.", linewidth=1.2, label="limit: 2 × ideal (a step holds\n"
               "while its p99 is within it)"),
        Line2D([], [], color="dimgray", linestyle=":", linewidth=1.4, label="ideal: one fan-out alone")])
    return fig


def draw_service_sweep(ax, rows):
    """One sweep's steps in rising rate: its p99 and p50 response times, broken at a step that is not OK, which is
    an x with its status; a ring around the p99 of a step that did not hold."""
    color, marker, sweep = rows["color"].iloc[0], rows["marker"].iloc[0], rows["sweep"].iloc[0]
    ax.plot(rows["rate"], rows["p99_ms"].where(rows["ok"]), color=color, marker=marker, markersize=5.5,
            linewidth=1.8, zorder=3, label=f"{sweep}: p99")
    ax.plot(rows["rate"], rows["p50_ms"].where(rows["ok"]), color=color, marker=marker, markersize=3.5,
            linewidth=1.1, linestyle="--", alpha=0.6, zorder=3, label=f"{sweep}: p50")
    for _, row in rows[rows["ok"] & ~rows["held"]].iterrows():
        ax.plot([row["rate"]], [row["p99_ms"]], marker="o", markersize=13, markerfacecolor="none",
                markeredgecolor="black", markeredgewidth=1.4, linestyle="", zorder=4,
                label=f"{sweep}: did not hold at {plain_number(row['rate'])}/s")
    for _, row in rows[~rows["ok"]].iterrows():
        at_top = pd.isna(row["p99_ms"])
        transform = ax.get_xaxis_transform() if at_top else ax.transData
        y = 0.95 if at_top else row["p99_ms"]
        ax.plot([row["rate"]], [y], "x", color=color, markersize=10, markeredgewidth=2.2, transform=transform,
                zorder=5, label=f"{sweep}: {row['status']} at {plain_number(row['rate'])}/s")
        ax.annotate(row["status"], (row["rate"], y), xycoords=transform, textcoords="offset points",
                    xytext=(6, -3 if at_top else 3), fontsize=8, fontweight="bold", color=color)


def draw_response_limits(ax, cells):
    """The steps' response limits (dash-dot) and ideals (dotted) as Java wrote them, one line per distinct value,
    each named at the panel's right edge."""
    edge = ax.get_yaxis_transform()
    for ideal in sorted(cells["ideal_ms"].dropna().unique()):
        ax.axhline(ideal, color="dimgray", linestyle=":", linewidth=1.4, label=f"ideal {ideal:g} ms")
        ax.text(0.99, ideal, f"ideal {plain_number(ideal)} ms", transform=edge, ha="right", va="top", fontsize=7,
                color="dimgray")
    for limit in sorted(cells["response_limit_ms"].dropna().unique()):
        ax.axhline(limit, color="black", linestyle="-.", linewidth=1.2, label=f"limit {limit:g} ms")
        ax.text(0.99, limit, f"limit {plain_number(limit)} ms", transform=edge, ha="right", va="bottom", fontsize=7)


def plot_service_knee(results):
    """Chart 10: the knee of each sweep, the highest offered rate whose p99 response time held within the limit,
    a bar per model and client in the model's colour, a panel per N (and L).

    Beside each bar, hollow and dotted in the same colour, is the rate bound of the knee's step: the most fan-outs a
    second the cores could serve at the CPU that step measured per fan-out (client's and server's); no knee can
    pass it (Java marks one that does INVALID), and the gap between the two is what the model loses to waiting and
    queueing rather than to CPU. A sweep whose every step held has a knee of at least its top step, drawn "≥"; one
    where no step held has no bar but says "none held at" its first step's rate; a knee that is not OK is a gray
    hatched bar with its status; a sweep with steps but no knee row (it did not finish) says so.
    """
    table = open_loop_table(results.summary)
    if table.empty:
        raise ChartSkipped("skipped: no service-mode rows in this run (benchmark = service or knee)")
    knees = knee_table(results.summary)
    facets = open_loop_facets(table)
    widest = max(table.loc[(table["n"] == n) & (table["latency_ms"] == latency), "sweep"].nunique()
                 for n, latency in facets)
    fig, axes, legend_ax = open_loop_figure(
        results, "The knee: the highest offered rate whose p99 response time held within 2 × ideal, beside the "
        "cores' CPU bound", facets, (1.4 + 1.1 * widest, 4.4), 0.95, None)
    for ax, (n, latency) in zip(axes.flat, facets):
        in_facet = (table["n"] == n) & (table["latency_ms"] == latency)
        sweeps = list(dict.fromkeys(table.loc[in_facet, "sweep"]))
        colors = dict(zip(table.loc[in_facet, "sweep"], table.loc[in_facet, "color"]))
        cells = knees[(knees["n"] == n) & (knees["latency_ms"] == latency)]
        for position, sweep in enumerate(sweeps):
            draw_knee(ax, position, cells[cells["sweep"] == sweep], colors[sweep])
        ax.set_xticks(range(len(sweeps)), sweeps, rotation=20, ha="right", fontsize=8)
        for label, sweep in zip(ax.get_xticklabels(), sweeps):
            label.set_color(colors[sweep])
        ax.set_xlim(-0.6, max(len(sweeps), widest) - 0.4)
        ax.set_ylim(0, knee_panel_top(cells))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value)))
        ax.set_title(facet_title(n, latency), fontsize=10)
        ax.grid(True, axis="y", alpha=0.35)
    for ax in axes[:, 0]:
        ax.set_ylabel("knee: highest offered rate that held\n(fan-outs/s)")
    shared_legend(legend_ax, model_and_client_handles(table, patches=True) + [
        Line2D([], [], linestyle="", label=""),
        Patch(facecolor="white", edgecolor="dimgray", hatch="..", linestyle=":", label="beside it: the CPU bound "
              "at the\nknee's step (rate_bound: the most\nthe cores could serve; no knee\ncan pass it)"),
        Patch(facecolor="lightgray", edgecolor="dimgray", hatch="///", label="knee not OK (status shown)"),
        Line2D([], [], linestyle="", label="≥: every step held, the knee\nis at least the top step"),
        Line2D([], [], linestyle="", label="none held at R/s: not even the\nlowest step, R, held")])
    return fig


KNEE_BAR = 0.36  # the width of a knee bar and of its CPU bound's bar beside it, in a slot of 1


def knee_panel_top(cells):
    """A knee panel's y limit: room above its highest knee or rate bound for their labels."""
    values = pd.concat([cells["rate"], cells["rate_bound"]]).dropna()
    return float(values.max()) * 1.3 if not values.empty else 1.0


def draw_knee(ax, x, knee, color):
    """One sweep's slot: its knee as a bar in its model's colour (labelled, "≥" when every step held; gray and
    hatched with its status when not OK) and beside it, hollow and dotted, the CPU bound of the knee's step.
    Without a knee, "none held at" its first step's rate where the bar would be; without a knee row, a note across
    the slot. (Chart 9 shows every step; the notebook's table says why each sweep ended.)"""
    if knee.empty:
        ax.text(x, 0.03, "no knee row:\nsweep unfinished", transform=ax.get_xaxis_transform(), ha="center",
                va="bottom", fontsize=7.5, color="gray")
        return
    row = knee.iloc[0]
    rate, left, right = row["rate"], x - KNEE_BAR / 2, x + KNEE_BAR / 2
    if pd.isna(rate):
        lowest = f" at {plain_number(row['ended_at'])}/s" if not pd.isna(row["ended_at"]) else ""
        ax.annotate(f"none held{lowest}", (left, 0), textcoords="offset points", xytext=(0, 4), rotation=90,
                    ha="center", va="bottom", fontsize=8.5, fontweight="bold", color=color)
    else:
        label = ("≥ " if row["every_step_held"] else "") + f"{plain_number(rate)}/s"
        if row["ok"]:
            (bar,) = ax.bar(left, rate, KNEE_BAR, color=color, edgecolor=color)
        else:
            (bar,) = ax.bar(left, rate, KNEE_BAR, color="lightgray", edgecolor="dimgray", hatch="///")
            label += f" {row['status']}"
        bar.set_label(row["trial"])
        ax.annotate(label, (left, rate), textcoords="offset points", xytext=(0, 3), rotation=90, ha="center",
                    va="bottom", fontsize=8, fontweight="bold")
    if not pd.isna(row["rate_bound"]):
        (bound,) = ax.bar(right, row["rate_bound"], KNEE_BAR, color="white", edgecolor=color, hatch="..",
                          linewidth=1.2, linestyle=":")
        bound.set_label(f"{row['trial']}: rate_bound")
        ax.annotate(f"{plain_number(row['rate_bound'])}/s", (right, row["rate_bound"]), textcoords="offset points",
                    xytext=(0, 3), rotation=90, ha="center", va="bottom", fontsize=7.5, color="dimgray")


PLOTS = dict(zip(CHARTS, (plot_wall_time, plot_ratio_heatmap, plot_latency_spectrum, plot_article_table,
                          plot_cpu_io_mix, plot_footprint, plot_threads_and_cpu, plot_pool_scan,
                          plot_service_response, plot_service_knee)))


def save_chart(fig, charts_dir, name):
    """Writes name.png and name.svg.

    SVG element ids are random unless salted, and SVGs carry a date unless told not to: both are fixed so
    that a committed chart diffs only when its data changed.
    """
    charts_dir = Path(charts_dir)
    charts_dir.mkdir(parents=True, exist_ok=True)
    png, svg = charts_dir / f"{name}.png", charts_dir / f"{name}.svg"
    fig.savefig(png, format="png", dpi=130, bbox_inches="tight", metadata={"Software": None})
    with matplotlib.rc_context({"svg.hashsalt": "fanout-charts"}):
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    return [png, svg]


class ChartBook:
    """Draws each chart that applies, saves it, and records what was written or skipped in index.json.

    CI's check (analysis/check_charts.py) reads that index to know which files the run must have.
    """

    def __init__(self, results):
        self.results = results
        self.written = {}
        self.skipped = {}

    def draw(self, name):
        """Draws and saves chart name; returns its PNG path, or None when it does not apply (printed)."""
        try:
            fig = PLOTS[name](self.results)
        except ChartSkipped as skipped:
            print(f"{name}: {skipped}")
            self.skipped[name] = str(skipped)
            self.write_index()
            return None
        paths = save_chart(fig, self.results.charts_dir, name)
        self.written[name] = [path.name for path in paths]
        self.write_index()
        return paths[0]

    def write_index(self):
        index = {"results_dir": str(self.results.directory), "caption": caption(self.results.meta),
                 "written": self.written, "skipped": self.skipped}
        self.results.charts_dir.mkdir(parents=True, exist_ok=True)
        (self.results.charts_dir / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
