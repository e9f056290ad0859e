"""How a model looks in every chart: one colour per model, fixed here rather than by the order a run lists them.

A reader who learns on one chart that virtual threads are blue must find them blue on the next one, and on the
next run's charts too; matplotlib's cycle (C0, C1, ...) gives colours by position, so the same model changed
colour whenever a run measured one model more or less. The colours below are keyed by the workload names of
summary.csv. fixed_pool is one hue, a shade per pool size (darker for bigger pools) with a marker per size, so
its sizes read as one model; asyncio, the article's own model and the reference every Java model is compared
against, is black and drawn thicker with a star, a colour no Java model has.
"""

import math
from dataclasses import dataclass

import matplotlib
from matplotlib.colors import to_hex

REFERENCE = "asyncio"
FIXED_POOL = "fixed_pool"
MODEL_COLORS = {
    "sequential": "#7f7f7f",
    "platform_threads": "#d62728",
    "virtual_threads": "#1f77b4",
    "structured": "#aec7e8",
    "virtual_threads_pinned": "#17becf",
    "completable_future": "#9467bd",
    "async": "#2ca02c",
    "event_loop": "#bcbd22",
    "flat_map": "#e377c2",
    FIXED_POOL: "#ff7f0e",
    REFERENCE: "#000000",
}
# The order models are listed in, in legends and heatmap rows: from one thread to many, then the client's own
# machinery, then bounded pools, then the reference.
MODEL_ORDER = tuple(MODEL_COLORS)
# A model the map does not know yet (one added to Java before this file) still gets a colour of its own.
SPARE_COLORS = ("#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173")
# Whatever is not a model (an article scenario's Java bar) is drawn in a colour no model has.
SCENARIO_COLOR = "#5b7083"
FIXED_POOL_MARKERS = ("v", "s", "D", "^", "p", "h")
# How a series over HTTP/2 (h2c) is drawn, beside its model's HTTP/1.1 line in the same colour.
H2C_LINE = "-."


@dataclass(frozen=True)
class SeriesStyle:
    """The look of one series (a model variant): its colour, its marker, how heavy its line is and how it is drawn
    (dash-dotted over h2c, as dashed and dotted lines are the ideal and the bound)."""

    color: str
    marker: str = "o"
    filled: bool = True
    linewidth: float = 1.6
    markersize: float = 5.0
    zorder: float = 2.0
    linestyle: str = "-"

    def line(self):
        """Keyword arguments for Axes.plot: the measured line of this series."""
        return dict(color=self.color, marker=self.marker, markersize=self.markersize, linewidth=self.linewidth,
                    markeredgecolor=self.color, markerfacecolor=self.color if self.filled else "white",
                    zorder=self.zorder, linestyle=self.linestyle)


def fixed_pool_shade(k):
    """The shade of fixed_pool for a pool of k threads: a fixed function of k (log scale), not of the run."""
    position = min(max((math.log2(max(k, 1)) - 2) / 8, 0.0), 1.0)
    return to_hex(matplotlib.colormaps["Oranges"](0.4 + 0.55 * position))


def model_color(workload, k=0, spares=None):
    """The colour of a model (a fixed_pool of size k is a shade of its hue). A workload the map does not know
    takes a spare colour from spares (name -> colour, see spare_colors), else the scenario colour."""
    if workload == FIXED_POOL and k > 0:
        return fixed_pool_shade(k)
    if workload in MODEL_COLORS:
        return MODEL_COLORS[workload]
    return (spares or {}).get(workload, SCENARIO_COLOR)


def spare_colors(workloads):
    """Colours for the models the map does not know, by name, so that each still has one of its own."""
    unknown = sorted(set(workloads) - set(MODEL_COLORS))
    return {name: SPARE_COLORS[i % len(SPARE_COLORS)] for i, name in enumerate(unknown)}


def model_rank(workload):
    """Where a model sits in legends and heatmap rows: the map's order, unknown models after the Java ones."""
    if workload in MODEL_ORDER:
        return MODEL_ORDER.index(workload) if workload != REFERENCE else len(MODEL_ORDER) + 1
    return len(MODEL_ORDER)


def series_styles(table):
    """series -> SeriesStyle for a fan-out table (tables.fan_out_table), the same in every chart.

    The colour is the model's; a fixed_pool size adds its shade and marker; CPU work per response draws hollow
    markers, a spread over several client pools a plus, and h2c a dash-dotted line, so that a variant reads as its
    model's.
    """
    spares = spare_colors(table["workload"])
    pool_sizes = sorted(set(table.loc[table["workload"] == FIXED_POOL, "k"]))
    styles = {}
    for _, row in table.drop_duplicates("series").iterrows():
        if row["workload"] == REFERENCE:
            styles[row["series"]] = SeriesStyle(MODEL_COLORS[REFERENCE], marker="*", linewidth=2.6, markersize=10,
                                                zorder=4)
            continue
        marker = "o"
        if row["workload"] == FIXED_POOL and row["k"] in pool_sizes:
            marker = FIXED_POOL_MARKERS[pool_sizes.index(row["k"]) % len(FIXED_POOL_MARKERS)]
        if row["pools"] > 1:
            marker = "P"
        styles[row["series"]] = SeriesStyle(model_color(row["workload"], row["k"], spares), marker=marker,
                                            filled=row["cpu_us"] == 0,
                                            linestyle=H2C_LINE if row.get("protocol") == "h2c" else "-")
    return styles
