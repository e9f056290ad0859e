"""What every chart shares: a figure with its caption, panels with one shared legend, a series drawn against N,
and log axes labelled with plain numbers.

Figures are built as matplotlib Figure objects (never pyplot's global state) and rendered by the Agg and SVG
backends only, so nothing needs a display.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from analysis.loading import caption
from analysis.tables import fan_out_table


class ChartSkipped(Exception):
    """A chart does not apply to this run's data; the message says why, for the reader and for CI."""


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
