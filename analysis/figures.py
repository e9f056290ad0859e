"""What every chart shares: a figure with its caption, panels with one shared legend, a series drawn against N,
and log axes labelled with plain numbers.

Figures are built as matplotlib Figure objects (never pyplot's global state) and rendered by the Agg and SVG
backends only, so nothing needs a display.
"""

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from analysis.loading import caption
from analysis.tables import fan_out_table

# How much of an N axis a label takes: DejaVu Sans draws a digit 0.64 em wide (a comma less), and neighbours keep a
# gap of an em between them.
N_LABEL_EMS_PER_CHARACTER = 0.64
N_LABEL_GAP_EMS = 1.0


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


def draw_against_n(ax, rows, values, style, failed_at=None, interval=None):
    """One series against N: its OK trials joined by a line, broken where a trial is not OK; each such trial
    an x labelled with its status, at failed_at (its value, or its ideal when it has no time), or at the
    foot of the panel when that is blank too: a failed trial is never dropped. interval, (low, high) values
    aligned with values (see interval_of), draws each OK trial's interval as an error bar."""
    order = rows["n"].sort_values().index
    shown = values.where(rows["ok"])
    ax.plot(rows.loc[order, "n"], shown.loc[order], label=rows["series"].iloc[0], **style.line())
    if interval is not None:
        low, high = interval
        draw_interval(ax, rows["n"], low.where(rows["ok"]), high.where(rows["ok"]), style.color,
                      f"{rows['series'].iloc[0]}: interval")
    at = values if failed_at is None else failed_at
    for index in rows.index[~rows["ok"]]:
        mark_not_ok(ax, rows.at[index, "n"], at[index], rows.at[index, "status"], style.color)


def interval_of(rows, column, factor=1.0):
    """Java's interval of a figure, (low, high) for rows: its columns <column>_lo and <column>_hi as written (times a
    unit factor), blank where a row has one draw or is service mode's. None for a run without them (written before
    summary.csv had intervals, or a figure Java gives none), which is then drawn as it always was."""
    low, high = f"{column}_lo", f"{column}_hi"
    if low not in rows.columns or high not in rows.columns:
        return None
    return rows[low] * factor, rows[high] * factor


def has_interval(rows, column, factor=1.0):
    """Whether any of rows has an interval of the figure in column (interval_of)."""
    interval = interval_of(rows, column, factor)
    return interval is not None and bool((interval[0].notna() & interval[1].notna()).any())


def draw_interval(ax, at, low, high, color, label, horizontal=False, linewidth=1.3):
    """Error bars from low to high as Java wrote them, at each position of at (x, or y when horizontal), capped at
    both ends, in one collection labelled label (its caps: label + ' caps', out of legends); rows whose low or high
    is blank draw none. Returns the collection, or None when no row has an interval."""
    keep = (low.notna() & high.notna()).to_numpy()
    if not keep.any():
        return None
    at, low, high = np.asarray(at, dtype=float)[keep], low.to_numpy(dtype=float)[keep], high.to_numpy(dtype=float)[keep]
    draw = ax.hlines if horizontal else ax.vlines
    bars = draw(at, low, high, colors=color, linewidths=linewidth, label=label, zorder=3.5)
    ends = (np.concatenate([low, high]), np.concatenate([at, at])) if horizontal else \
        (np.concatenate([at, at]), np.concatenate([low, high]))
    ax.plot(*ends, linestyle="", marker="|" if horizontal else "_", markersize=7, markeredgewidth=linewidth,
            color=color, zorder=3.5, label=f"_{label} caps")
    return bars


def interval_words(rows):
    """How sure the intervals of rows are, in Java's words (interval_confidence, spread_over) of the rows that have
    one: 'confidence 0.75, over forks or iterations'; 'confidence as summary.csv says' when none has."""
    with_one = rows[rows["interval_confidence"].notna()] if "interval_confidence" in rows.columns else rows.iloc[:0]
    confidences = sorted(with_one["interval_confidence"].unique()) if not with_one.empty else []
    spreads = sorted(with_one["spread_over"].dropna().unique()) if "spread_over" in with_one.columns else []
    sure = "–".join(f"{value:g}" for value in dict.fromkeys(confidences[:1] + confidences[-1:]))
    return f"confidence {sure or 'as summary.csv says'}" + (f", over {' or '.join(spreads)}" if spreads else "")


def interval_handle(rows, horizontal=False):
    """The legend entry of the error bars (across horizontal bars when horizontal): what an interval is, and how sure
    (interval_words)."""
    return Line2D([], [], color="dimgray", marker="_" if horizontal else "|", markersize=11, markeredgewidth=1.3,
                  linestyle="", label=f"interval (error bar): holds the median\nwith {interval_words(rows)}")


def mark_not_ok(ax, x, y, status, color):
    """An x and the status of a trial that is not OK; without a y to put it at, at the foot of the panel."""
    transform = ax.transData if not pd.isna(y) else ax.get_xaxis_transform()
    y = y if not pd.isna(y) else 0.04
    ax.plot([x], [y], "x", color=color, markersize=10, markeredgewidth=2.2, transform=transform, zorder=5)
    ax.annotate(status, (x, y), xycoords=transform, textcoords="offset points", xytext=(6, 3), fontsize=8,
                fontweight="bold", color=color)


def format_n_axis(ax, ns):
    """Log N, labelled at the N values the chart draws (ns), as many as fit (NLocator); a minor tick at each 1-9 of a
    decade, unlabelled, keeps the grid a log scale."""
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(NLocator(ns))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value)))
    ax.xaxis.set_minor_locator(LogLocator(base=10, subs=tuple(np.arange(1.0, 10.0))))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("N, requests per fan-out (log)")
    ax.grid(True, which="major", alpha=0.35)
    ax.grid(True, which="minor", alpha=0.12)


class NLocator(LogLocator):
    """The major ticks of a log N axis: the N values a chart draws, as many as fit. From the lowest up, an N gets a
    tick when its label clears the last one labelled; matplotlib asks at draw time, once the layout has fixed the
    axis' length, so labels never collide however narrow the panel or close the N values (1,000 beside 2,000 or
    500). Its view limits are any log axis' (LogLocator's): a single N is shown within its decade."""

    def __init__(self, ns):
        super().__init__(base=10)
        self.ns = sorted(set(ns))

    def __call__(self):
        low, high = sorted(self.axis.get_view_interval())
        ax = self.axis.axes
        points_per_decade = ax.bbox.width / ax.figure.dpi * 72 / np.log10(high / low)
        em = FontProperties(size=matplotlib.rcParams["xtick.labelsize"]).get_size_in_points()

        def half_width(n):
            return len(plain_number(n)) * N_LABEL_EMS_PER_CHARACTER * em / 2

        ticks = []
        for n in self.tick_values(low, high):
            if not ticks or np.log10(n / ticks[-1]) * points_per_decade >= \
                    half_width(ticks[-1]) + N_LABEL_GAP_EMS * em + half_width(n):
                ticks.append(n)
        return ticks

    def tick_values(self, vmin, vmax):
        """Every N in the view, before any is left out for room."""
        return [n for n in self.ns if vmin <= n <= vmax]


def plain_number(value, suffix=""):
    """200, 1,000, 0.5, 1.5×: what a reader compares, never 2e+02 or 10^3."""
    if value >= 1000:
        return f"{value:,.0f}{suffix}"
    return f"{value:.3g}{suffix}"


def plain_log_y_axes(axes):
    """Plain labels on the log y axis of each given panel, once all is drawn (a log x axis is N's: format_n_axis)."""
    for ax in axes:
        if ax.get_yscale() == "log":
            plain_log_axis(ax.yaxis)


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
