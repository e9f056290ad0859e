"""Charts 4 and 5, the article's scenarios: Java's time for each beside its ideal and the article's own figure,
and how CPU work placed beside I/O stretches the I/O's latency (cpu_io_mix)."""

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from analysis.figures import ChartSkipped, draw_interval, interval_handle, interval_of, new_figure, plain_log_axis
from analysis.loading import closed_loop
from analysis.style import REFERENCE, SCENARIO_COLOR, model_color
from analysis.tables import REQUEST_PERCENTILES, cpu_io_percentiles, labelled

MILLIS_PER_SECOND = 1000.0


def plot_article_table(results):
    """Chart 4: per scenario, the Java time, its ideal and the article's own figure, side by side.

    The article's figures are Python asyncio's, so its bars are asyncio's black; Java's bar is its model's
    colour where the row is a model (the article's sequential script) and one colour no model has for a
    scenario, with the interval of its mean (mean_ms_lo to mean_ms_hi) as an error bar where the run has one. The
    log scale lets seconds and milliseconds share an axis.
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
    ax.barh(positions[measured] - 0.27, rows["mean_ms"][measured] / MILLIS_PER_SECOND, height=0.26,
            color=np.array(java_colors)[measured])
    interval = interval_of(rows, "mean_ms", 1 / MILLIS_PER_SECOND)
    intervals = interval is not None and draw_interval(
        ax, positions - 0.27, interval[0].where(rows["ok"]), interval[1].where(rows["ok"]), "black", "Java: interval",
        horizontal=True) is not None
    ideal = rows["ideal_ms"].notna().to_numpy()
    ax.barh(positions[ideal], rows["ideal_ms"][ideal] / MILLIS_PER_SECOND, height=0.26, color="white",
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
    java += [interval_handle(rows, horizontal=True)] if intervals else []
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
        reach = (row["mean_ms"] if not pd.isna(row["mean_ms"]) else row["ideal_ms"]) / MILLIS_PER_SECOND
        ax.barh(position, reach, height=0.26, color="lightgray", edgecolor="dimgray", hatch="///")
        ax.text(reach, position, f" {row['status']}", va="center", fontsize=8, color="black", fontweight="bold")


# The percentile levels of chart 5, light to dark: grays, so that no level looks like a model.
PERCENTILE_GRAYS = ("#d0d0d0", "#a8a8a8", "#7a7a7a", "#4d4d4d", "#1f1f1f")


def plot_cpu_io_mix(results):
    """Chart 5: how CPU work placed beside I/O stretches the I/O's latency, per arrangement.

    The bars are the I/O requests' percentiles, light (p50) to dark (max), in grays so that no level is taken
    for a model; a trial that is not OK says its status in its row. The dotted line is the server's latency
    L: what an I/O task would take if the CPU work did not delay it. A level with an interval in summary.csv
    (request_p99_ms_lo to request_p99_ms_hi, ...) has it as an error bar; Java writes none for these yet."""
    mix = cpu_io_percentiles(results)
    if mix.empty:
        raise ChartSkipped("skipped: no cpu_io_mix trial in this run")
    fig = new_figure(results.meta, "CPU + I/O mix: I/O task latency (submission to response) per arrangement",
                     (9, 1.8 + 0.75 * len(mix)))
    ax = fig.add_subplot()
    positions = np.arange(len(mix))
    levels = list(REQUEST_PERCENTILES)
    offsets = np.linspace(-0.32, 0.32, len(levels))
    intervals = False
    for offset, level, color in zip(offsets, levels, PERCENTILE_GRAYS):
        measured = mix[level].notna().to_numpy()
        ax.barh(positions[measured] + offset, mix[level][measured], height=0.15, color=color, label=level)
        interval = interval_of(mix, level)
        if interval is not None:
            intervals |= draw_interval(ax, positions + offset, *interval, "black", f"{level}: interval",
                                       horizontal=True, linewidth=1.0) is not None
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
    if not intervals:
        ax.legend(fontsize=8)
        return fig
    # The error bars get one entry of their own, and the legend, grown by it, goes beside the panel.
    handles = [handle for handle, label in zip(*ax.get_legend_handles_labels()) if not label.endswith(": interval")]
    ax.legend(handles=handles + [interval_handle(mix, horizontal=True)], fontsize=8, loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig
