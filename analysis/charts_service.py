"""Charts 9 and 10, service mode: fan-outs arriving at a fixed rate (an open loop), a sweep of rising rates per
model and client. The response time of a fan-out against the offered rate (the hockey stick), and the knee of each
sweep beside the cores' CPU bound."""

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from analysis.figures import ChartSkipped, new_figure, panel_grid, plain_log_y_axes, plain_number, shared_legend
from analysis.loading import SERVICE
from analysis.tables import knee_table, open_loop_table


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
    plain_log_y_axes(axes.flat[:len(facets)])
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
