"""Charts 1 to 3, the time of a fan-out: its mean against N with its interval beside its bounds, its ratio to the
tightest bound (and to the ideal) by model, N and client, and the latency of its single requests by percentile."""

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from analysis.errors import ResultsError
from analysis.figures import (draw_against_n, format_n_axis, has_interval, interval_handle, interval_of, interval_words,
                              new_figure, panel_grid, plain_log_axis, plain_log_y_axes, plain_number, require_fan_out,
                              series_handles, shared_legend)
from analysis.hdr import read_hgrm
from analysis.style import series_styles
from analysis.tables import facet_clients, facet_rows

SPECTRUM_LEVELS = (50.0, 90.0, 99.0, 99.9, 99.99)


def client_title(client, table):
    """A panel's title: its client, and that the reference is drawn on it too."""
    if table["reference"].all():
        return f"{client} (the reference only)"
    return f"client: {client}" + (" (+ the asyncio reference)" if table["reference"].any() else "")


# Where the tightest bound (bound_ms) is not the ideal, a hollow marker on its dotted line says which bound it is.
BOUND_MARKERS = {"latency_cpu": "^", "cpu": "s"}


def plot_wall_time(results):
    """Chart 1: mean op time against N, a panel per Java client, each model's bounds beside it.

    A model's cost is the gap between its solid line and its tightest bound (bound_ms, dotted: the highest of its
    dashed ideal L × ceil(N/k), its CPU floor N·c/P and L + N·c/(2P), a marker saying which where it is not the
    ideal), as Java wrote them, with the interval of its mean (mean_ms_lo to mean_ms_hi) as an error bar. A run
    written before summary.csv had bound_ms and intervals draws the CPU floor (cpu_floor_ms) dotted instead, and no
    error bars. Panels per client share their axes, so a reader tells the model's cost (the same colour on every
    panel) from the client's (the same model higher on one panel); the asyncio reference, the article's own model,
    is on every panel so that each Java model is read against it.
    """
    table = require_fan_out(results)
    styles = series_styles(table)
    clients = facet_clients(table)
    tightest = "bound_ms" in table.columns
    columns = min(len(clients), 3)
    rows_count = -(-len(clients) // columns)
    title = ("Mean time of one fan-out against N, with its interval, its ideal and its tightest bound" if tightest
             else "Mean time of one fan-out against N, with its two bounds")
    fig = new_figure(results.meta, title, (4.6 * columns + 3.2, 0.8 + 4.2 * rows_count))
    axes, legend_ax = panel_grid(fig, rows_count, columns, legend_width=0.7)
    for ax, client in zip(axes.flat, clients):
        rows = facet_rows(table, client)
        for name, series in rows.groupby("series", sort=False):
            style = styles[name]
            if not series["reference"].iloc[0]:
                ordered = series.sort_values("n")
                ax.plot(ordered["n"], ordered["ideal_ms"], "--", color=style.color, linewidth=1, alpha=0.8,
                        label=f"{name}: ideal")
                if tightest:
                    draw_tightest_bound(ax, ordered, name, style.color)
                else:
                    ax.plot(ordered["n"], ordered["cpu_floor_ms"], ":", color=style.color, linewidth=1.4,
                            label=f"{name}: CPU floor")
            draw_against_n(ax, series, series["mean_ms"], style, failed_at=series["ideal_ms"],
                           interval=interval_of(series, "mean_ms"))
        ax.set_title(client_title(client, rows), fontsize=10)
        ax.set_yscale("log")
        format_n_axis(ax, table["n"])
    for ax in axes.flat[len(clients):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("mean time of one op (ms, log)")
    plain_log_y_axes(axes.flat[:len(clients)])
    bounds = [Line2D([], [], color="dimgray", linewidth=1.6, marker="o", label="measured mean (solid)")]
    if has_interval(table, "mean_ms"):
        bounds.append(interval_handle(table))
    bounds.append(Line2D([], [], color="dimgray", linestyle="--", linewidth=1, label="ideal L × ceil(N/k) (dashed)"))
    if tightest:
        bounds += [Line2D([], [], color="dimgray", linestyle=":", linewidth=1.4,
                          label="tightest bound, bound_ms (dotted):\nthe highest of the ideal and"),
                   Line2D([], [], color="dimgray", linestyle=":", linewidth=1.4, marker=BOUND_MARKERS["latency_cpu"],
                          markerfacecolor="white", label="  L + N·c/(2P), where it binds"),
                   Line2D([], [], color="dimgray", linestyle=":", linewidth=1.4, marker=BOUND_MARKERS["cpu"],
                          markerfacecolor="white", label="  the CPU floor N·c/P, where it binds"),
                   Line2D([], [], linestyle="", label="  (c: CPU per request, client's and\n  server's; P: cores)")]
    else:
        bounds.append(Line2D([], [], color="dimgray", linestyle=":", linewidth=1.4, label="CPU floor (dotted)"))
    bounds.append(Line2D([], [], color="dimgray", marker="x", linestyle="", markersize=9, markeredgewidth=2,
                         label="not OK: at its ideal, status shown"))
    shared_legend(legend_ax, series_handles(table, styles) + [Line2D([], [], linestyle="", label="")] + bounds)
    return fig


def draw_tightest_bound(ax, ordered, name, color):
    """A model's tightest bound against N as Java wrote it (bound_ms), dotted, with a hollow marker where it is not
    the ideal saying which it is (Java's bound column: latency_cpu or cpu)."""
    ax.plot(ordered["n"], ordered["bound_ms"], ":", color=color, linewidth=1.4, label=f"{name}: tightest bound")
    for bound, marker in BOUND_MARKERS.items():
        at = ordered[ordered["bound"] == bound]
        if not at.empty:
            ax.plot(at["n"], at["bound_ms"], linestyle="", marker=marker, markersize=5, markerfacecolor="white",
                    markeredgecolor=color, label=f"_{name}: bound {bound}")


def heatmap_columns(table, client):
    """The N a client's heatmap panel has a column for: those its Java models ran (the reference's own, on a
    run of the reference only)."""
    own = table[(table["client"] == client) & ~table["reference"]]
    return sorted((own if not own.empty else table[table["client"] == client])["n"].unique())


def heatmap_grid(table, client):
    """series × N frames for one client's panel: ratio_to_ideal, status, bound and ratio_to_bound as Java wrote
    them, and ratio_to_bound's interval where the run has one; its rows are every Java series of the run (so rows
    line up across panels) and then the reference."""
    rows = facet_rows(table, client)
    order = list(dict.fromkeys(table.loc[~table["reference"], "series"])) + \
        list(dict.fromkeys(table.loc[table["reference"], "series"]))
    columns = heatmap_columns(table, client)
    values = [column for column in ("ratio_to_ideal", "status", "bound", "ratio_to_bound", "ratio_to_bound_lo",
                                    "ratio_to_bound_hi") if column in rows.columns]
    return {column: rows.pivot_table(index="series", columns="n", values=column, aggfunc="first", dropna=False)
            .reindex(index=order, columns=columns)
            for column in values}


COLOURBAR_TICKS = (1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0)
CPU_BOUND_MARKER = (3, 0, 180)  # a triangle pointing down, drawn in a cell's top-right corner
# The names of Java's bounds (summary.csv's bound) in a heatmap cell's corner.
BOUND_NAMES = {"latency": "latency", "cpu": "cpu", "latency_cpu": "L+cpu"}


def plot_ratio_heatmap(results):
    """Chart 2: a cell per model and N, a panel per Java client on one colour scale that starts at 1.0 (the
    physical limit), so a model's row reads across clients at a glance.

    The colour and the big number are the ratio to the tightest bound (ratio_to_bound: mean over bound_ms, the
    highest of the ideal, the CPU floor and L + N·c/(2P)), the figure that carries to another machine, with its
    interval below it and which bound it is in the corner; the ratio to the ideal L × ceil(N/k) comes second. A run
    written before summary.csv had bound_ms leads with the ratio to the ideal instead, adding the ratio to the CPU
    floor with a black corner where that floor binds (bound = cpu). Rows line up across panels (every Java model of
    the run, then the asyncio reference); a cell whose trial is not OK is hatched with its status, one that was not
    run says so.
    """
    table = require_fan_out(results)
    styles = series_styles(table)
    clients = facet_clients(table)
    by_bound = "bound_ms" in table.columns
    led_by = "ratio_to_bound" if by_bound else "ratio_to_ideal"
    grids = {client: heatmap_grid(table, client) for client in clients}
    references = table.loc[table["reference"], "series"].nunique()
    ok = table[table["ok"] & table[led_by].notna()]
    top = max(float(ok[led_by].max()) if not ok.empty else 2.0, 2.0)
    norm = LogNorm(vmin=1.0, vmax=top, clip=True)
    widths = [len(grids[client]["status"].columns) for client in clients]
    row_names = list(grids[clients[0]]["status"].index)
    # A run of few N or few models still gets cells its figures fit in, and a colour bar that can be read.
    cell_width = max(1.2 if by_bound else 1.0, 6.0 / sum(widths))
    height = max((0.8 if by_bound else 0.42) * len(row_names), 2.0)
    title = ("Ratio to the tightest bound (mean / bound_ms) by model, N and client, with its interval: 1.0 is the "
             "physical limit" if by_bound else
             "Ratio to ideal (mean / L × ceil(N/k)) by model, N and client: 1.0 is the physical limit")
    fig = new_figure(results.meta, title, (3.4 + cell_width * sum(widths), 2.0 + height + (0.4 if by_bound else 0)))
    grid = fig.add_gridspec(2, len(clients), width_ratios=widths, height_ratios=[height, 0.9 if by_bound else 0.5])
    axes = [fig.add_subplot(grid[0, j]) for j in range(len(clients))]
    for ax, client in zip(axes, clients):
        cells = grids[client]
        shown = cells[led_by].where(cells["status"] == "OK").to_numpy(dtype=float)
        image = ax.imshow(np.ma.masked_invalid(shown), cmap="YlOrRd", norm=norm, aspect="auto")
        for i, series in enumerate(row_names):
            for j, n in enumerate(cells["status"].columns):
                cell = {column: frame.loc[series, n] for column, frame in cells.items()}
                (annotate_bound_cell if by_bound else annotate_cell)(ax, i, j, cell, norm)
        ax.set_xticks(range(len(cells["status"].columns)), [plain_number(n) for n in cells["status"].columns])
        ax.set_xlabel("N")
        ax.set_title(f"client: {client}", fontsize=10)
        ax.set_yticks(range(len(row_names)), row_names if ax is axes[0] else [])
        if references and len(row_names) > references:
            ax.axhline(len(row_names) - references - 0.5, color="black", linewidth=2)
    for label, name in zip(axes[0].get_yticklabels(), row_names):
        label.set_color(styles[name].color)
    colorbar = fig.colorbar(image, ax=axes, label="mean / tightest bound (log scale, 1 = the bound)" if by_bound
                            else "mean / ideal (log scale, 1 = ideal)")
    colorbar.set_ticks([tick for tick in COLOURBAR_TICKS if tick <= top and (top <= 5 or tick not in (1.1, 1.25))])
    colorbar.ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: plain_number(value, "×")))
    colorbar.ax.yaxis.set_minor_locator(NullLocator())
    legend_ax = fig.add_subplot(grid[1, :])
    legend_ax.axis("off")
    not_ok = Patch(facecolor="lightgray", edgecolor="dimgray", hatch="///", label="trial not OK (status shown);\n"
                   "'not run': no such trial")
    if by_bound:
        handles = [Patch(facecolor=matplotlib.colormaps["YlOrRd"](0.45), label="colour, big number: mean / tightest "
                         "bound\n(ratio_to_bound), what carries to another machine"),
                   Line2D([], [], linestyle="", label=f"[lo–hi]: its interval, holding the median\nwith "
                          f"{interval_words(table)}"),
                   Line2D([], [], linestyle="", label="corner: the tightest bound (bound): latency = the\nideal "
                          "L × ceil(N/k); cpu = the CPU floor N·c/P;\nL+cpu = L + N·c/(2P) (c: CPU per request, "
                          "P: cores)"),
                   Line2D([], [], linestyle="", label="'ideal 1.55×': mean / ideal\n(ratio_to_ideal)"), not_ok]
    else:
        handles = [Line2D([], [], linestyle="", marker=CPU_BOUND_MARKER, color="black", markersize=8,
                          label="CPU-bound: its CPU floor is above its ideal;\n'cpu 1.50×' = mean / CPU floor"), not_ok]
    legend_ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False, ncol=3 if by_bound else 2,
                     borderaxespad=0, handlelength=1.2 if by_bound else 2.0)
    return fig


def annotate_cell(ax, i, j, cell, norm):
    """A heatmap cell's text in a run without bound_ms: its ratio to ideal, and to the CPU floor with a corner
    marker when the CPU binds; a trial that is not OK is hatched and says its status; a combination not run says
    so."""
    status = cell["status"]
    if isinstance(status, str) and status != "OK":
        mark_not_ok_cell(ax, i, j, status)
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


def annotate_bound_cell(ax, i, j, cell, norm):
    """A heatmap cell's text in a run with bound_ms: the ratio to the tightest bound big, its interval under it
    (where the row has one), the ratio to the ideal last, and which bound it is in the top left corner; a trial
    that is not OK is hatched and says its status; a combination not run says so."""
    status = cell["status"]
    if isinstance(status, str) and status != "OK":
        mark_not_ok_cell(ax, i, j, status)
        return
    if pd.isna(cell["ratio_to_bound"]) and pd.isna(cell["ratio_to_ideal"]):
        ax.text(j, i, "not run", ha="center", va="center", fontsize=7, color="gray")
        return
    colour = "white" if not pd.isna(cell["ratio_to_bound"]) and norm(cell["ratio_to_bound"]) > 0.6 else "black"
    if not pd.isna(cell["ratio_to_bound"]):
        ax.text(j, i - 0.1, f"{cell['ratio_to_bound']:.2f}×", ha="center", va="center", fontsize=10,
                fontweight="bold", color=colour)
        ax.text(j - 0.46, i - 0.44, BOUND_NAMES.get(cell["bound"], cell["bound"]), ha="left", va="top", fontsize=6.5,
                color=colour)
    low, high = cell.get("ratio_to_bound_lo", np.nan), cell.get("ratio_to_bound_hi", np.nan)
    if not pd.isna(low) and not pd.isna(high):
        ax.text(j, i + 0.13, f"[{low:.2f}–{high:.2f}]", ha="center", va="center", fontsize=7, color=colour)
    if not pd.isna(cell["ratio_to_ideal"]):
        ax.text(j, i + 0.33, f"ideal {cell['ratio_to_ideal']:.2f}×", ha="center", va="center", fontsize=7,
                color=colour, alpha=0.85)


def mark_not_ok_cell(ax, i, j, status):
    """A cell whose trial is not OK: hatched gray, its status in it."""
    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="lightgray", edgecolor="dimgray", hatch="///"))
    ax.text(j, i, status, ha="center", va="center", fontsize=9, fontweight="bold", color="black")


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
