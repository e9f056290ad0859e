"""Charts 6 to 8, what a model costs besides its time: its footprint, its threads and CPU per request against N,
and what a client's single connection pool costs a fan-out (pools = 1 against pools > 1)."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import AutoLocator, FuncFormatter, MaxNLocator

from analysis.figures import (ChartSkipped, draw_against_n, draw_interval, format_n_axis, has_interval,
                              interval_handle, interval_of, new_figure, panel_grid, plain_log_y_axes, plain_number,
                              require_fan_out, series_handles, shared_legend)
from analysis.style import series_styles
from analysis.tables import facet_clients, facet_rows


@dataclass(frozen=True)
class Metric:
    """A per-trial figure drawn against N: a summary.csv column as Java wrote it (times a unit factor), with its
    interval (<column>_lo to <column>_hi) where the run has one. A run written before Java wrote a per-request
    column has its per-op one instead (per_op): that figure over the row's n, times per_op_factor, which is
    arithmetic on Java's figure, not a recomputation. A metric that counts events is drawn on a linear axis from 0
    with whole-number ticks, any other on a log axis (when all its values are above 0)."""

    column: str
    title: str
    unit: str
    factor: float = 1.0
    counts: bool = False
    per_op: str = ""
    per_op_factor: float = 1.0

    def source(self, table):
        """The column this run has the metric in: Java's own, else (an older run) the per-op one; None if neither."""
        for column in (self.column, self.per_op):
            if column and column in table.columns:
                return column
        return None

    def values(self, rows):
        if self.source(rows) == self.column:
            return rows[self.column] * self.factor
        return rows[self.per_op] / rows["n"] * self.per_op_factor

    def interval(self, rows):
        """Java's interval of the metric in the unit drawn, or None (none written, or an older run's per-op column)."""
        return interval_of(rows, self.column, self.factor) if self.source(rows) == self.column else None


FOOTPRINT = (
    Metric("peak_rss_mb", "peak RSS of the fork", "MB (log)"),
    Metric("peak_rss_beyond_heap_mb", "peak RSS beyond the fixed heap", "MB (log)"),
    Metric("alloc_bytes_per_request", "allocated per request", "KiB per request (log)", factor=1 / 1024,
           per_op="alloc_bytes_per_op", per_op_factor=1 / 1024),
    Metric("jit_cpu_us_per_request", "JIT compiler CPU per request", "µs per request (log)",
           per_op="jit_cpu_ms_per_op", per_op_factor=1000.0),
    Metric("pinned_events", "virtual-thread pinned events", "events in the trial", counts=True),
)
THREADS_AND_CPU = (
    Metric("peak_threads", "peak live threads", "threads (log)"),
    Metric("client_cpu_us_per_request", "client CPU per request", "µs per request (log)"),
    Metric("server_cpu_us_per_request", "server CPU per request", "µs per request (log)"),
)


def measured_metrics(table, metrics):
    """The metrics this run measured (their column present and not all blank), in their fixed order."""
    return [metric for metric in metrics
            if metric.source(table) is not None and table[metric.source(table)].notna().any()]


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
        values, interval = metric.values(rows), metric.interval(rows)
        for name, series in rows.groupby("series", sort=False):
            draw_against_n(ax, series, values[series.index], styles[name], interval=None if interval is None else
                           (interval[0][series.index], interval[1][series.index]))
        ax.set_title(f"{metric.title} · {client}", fontsize=9)
        ax.set_ylabel(metric.unit)
        if not metric.counts and (metric.values(table).dropna() > 0).all():
            ax.set_yscale("log")
        else:
            # From just below 0, so that trials at 0 show whole; up to 1 at least, so that a run of none (all 0)
            # still has whole-number ticks.
            most = float(metric.values(table).max())
            ax.set_ylim(bottom=-0.05 * max(most, 1.0), top=None if most > 0 else 1.0)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True) if metric.counts else AutoLocator())
            ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value)))
        format_n_axis(ax, table["n"])
    for ax in axes.flat[len(cells):]:
        ax.set_visible(False)
    if spare:
        legend_ax = fig.add_subplot(axes[-1, -1].get_subplotspec())
        legend_ax.axis("off")
    plain_log_y_axes(axes.flat[:len(cells)])
    intervals = [interval_handle(table)] if any(metric.source(table) == metric.column and
                                                has_interval(table, metric.column) for metric in metrics) else []
    shared_legend(legend_ax, series_handles(table, styles) + [Line2D([], [], linestyle="", label="")] + intervals + [
        Line2D([], [], color="dimgray", marker="x", linestyle="", markersize=9, markeredgewidth=2,
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
    client's pool, not the concurrency model. A panel per client and N (the panels of an N share their y axis),
    bars per model in its colour (solid: pools = 1, hatched: pools > 1) with the interval of the mean as an error
    bar, the ideal (dashed) and the tightest bound (dotted, bound_ms; the CPU floor in a run written before Java
    wrote it) of each bar as Java wrote them, and the asyncio reference at that N as a black line where the run has
    it.
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
    axes, legend_ax = panel_grid(fig, len(ns), len(clients), sharey="row", legend_width=0.6, sharex=False)
    colors = {variant: styles[series].color for variant, series in zip(table["variant"], table["series"])}
    for (i, n), (j, client) in ((pair_n, pair_c) for pair_n in enumerate(ns) for pair_c in enumerate(clients)):
        ax = axes[i, j]
        cells = rows[(rows["client"] == client) & (rows["n"] == n)]
        shown = [variant for variant in variants if variant in set(cells["variant"])]
        if not shown:
            ax.text(0.5, 0.5, f"{client}: no trial with pools > 1\nat N = {plain_number(n)}", transform=ax.transAxes,
                    ha="center", va="center", fontsize=9, color="gray")
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
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value)))
        ax.grid(True, axis="y", alpha=0.35)
    for ax in axes[:, 0]:
        # Once the row's every panel is drawn, so that the shared axis holds all their bars, with room for labels.
        ax.set_ylim(0, ax.get_ylim()[1] * 1.06)
        ax.set_ylabel("mean time of one op (ms)")
    handles = [Patch(facecolor="dimgray", edgecolor="dimgray", label="pools = 1: every request on one client")]
    handles += [Patch(facecolor="white", edgecolor="dimgray", hatch=POOL_HATCHES[k % len(POOL_HATCHES)],
                      label=f"pools = {int(pools)}: spread over {int(pools)} clients")
                for k, pools in enumerate(spreads)]
    if has_interval(rows[rows["ok"]], "mean_ms"):
        handles.append(interval_handle(rows))
    handles += [Line2D([], [], color="black", linestyle="--", linewidth=1.2, label="ideal L × ceil(N/k)"),
                Line2D([], [], color="black", linestyle=":", linewidth=1.6,
                       label="tightest bound (bound_ms):\nthe highest of the ideal, the\nCPU floor and L + N·c/(2P)"
                       if "bound_ms" in rows.columns else "CPU floor"),
                Patch(facecolor="lightgray", edgecolor="dimgray", hatch="///", label="not OK (status shown)")]
    if table["reference"].any():
        reference = table[table["reference"]].iloc[0]
        handles.append(Line2D([], [], color=styles[reference["series"]].color, linewidth=2.4,
                              label=f"{reference['series']} at that N"))
    shared_legend(legend_ax, handles)
    return fig


def draw_pool_bar(ax, x, width, bar, pools, spreads, color):
    """One bar of the pool-scan chart: the trial's mean time (solid for pools = 1, hatched otherwise) with its
    interval as an error bar, and its ideal and tightest bound (the CPU floor in an older run) as short lines across
    it; a trial not OK is gray up to its ideal with its status; a trial not run says so."""
    if bar.empty:
        ax.text(x, 0, " not run", ha="center", va="bottom", rotation=90, fontsize=7, color="gray")
        return
    row = bar.iloc[0]
    hatch = None if pools == 1 else POOL_HATCHES[spreads.index(pools) % len(POOL_HATCHES)]
    bound = "bound_ms" if "bound_ms" in bar.columns else "cpu_floor_ms"
    if row["ok"]:
        (drawn,) = ax.bar(x, row["mean_ms"], width, color=color if pools == 1 else "white", edgecolor=color,
                          hatch=hatch, linewidth=1.2)
        interval = interval_of(bar, "mean_ms")
        top = row["mean_ms"]
        if interval is not None and not pd.isna(interval[1].iloc[0]):
            draw_interval(ax, [x], *interval, "black", f"{row['trial']}: interval")
            top = max(top, interval[1].iloc[0])
        ax.annotate(f"{plain_number(round(row['mean_ms']))}", (x, top), textcoords="offset points", xytext=(0, 1.5),
                    ha="center", va="bottom", fontsize=7)
    else:
        (drawn,) = ax.bar(x, row["ideal_ms"], width, color="lightgray", edgecolor="dimgray", hatch="///")
        ax.text(x, np.nanmax([row["ideal_ms"], row[bound]]), row["status"], ha="center", va="bottom",
                fontsize=8, fontweight="bold")
    drawn.set_label(row["trial"])
    for column, linestyle, linewidth in (("ideal_ms", "--", 1.2), (bound, ":", 1.6)):
        if not pd.isna(row[column]):
            ax.plot([x - width / 2, x + width / 2], [row[column]] * 2, linestyle=linestyle, color="black",
                    linewidth=linewidth, label=f"{row['trial']}: {column}")
