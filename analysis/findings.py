"""The findings table (charts/findings.md): what a reader scans first, in text. A row per model and client, a column
per N of the two that show the models apart (1,000 and 10,000), each cell the mean time of one fan-out and its ratio
to the tightest bound, each with its interval, all as Java wrote them in summary.csv.

Only the closed loop's model trials are in it (benchmark fetch_n) at their plainest: every request on one client
(pools = 1) and no CPU work per response (cpu_us = 0), so that a row compares models and clients, nothing else."""

import pandas as pd

from analysis.loading import caption
from analysis.tables import client_rank, fan_out_table

FINDINGS_NS = (1000, 10000)
FINDINGS_FILE = "findings.md"


def findings_rows(summary):
    """The rows of the findings table: fan_out_table's, at pools = 1, cpu_us = 0 and an N of FINDINGS_NS."""
    table = fan_out_table(summary)
    return table[(table["pools"] == 1) & (table["cpu_us"] == 0) & table["n"].isin(FINDINGS_NS)]


def milliseconds(value, like=None):
    """155.4, 1,993: a time in ms as a reader compares it, in whole ms from a second up; like, the figure an
    interval's end belongs to, gives the end the figure's own precision."""
    return f"{value:,.0f}" if (value if like is None else like) >= 1000 else f"{value:,.1f}"


def bracket(row, column, shown):
    """' [lo–hi]' of a figure's interval as Java wrote it (<column>_lo, <column>_hi), or '' without one."""
    low, high = row.get(f"{column}_lo"), row.get(f"{column}_hi")
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return ""
    return f" [{shown(low)}–{shown(high)}]"


def finding(row):
    """One cell: 'mean ms [lo–hi]; × ratio_to_bound [lo–hi]' and the bound's name where it is not latency; a trial
    that is not OK leads with its status in bold; a combination not run (row None) says so."""
    if row is None:
        return "not run"
    parts = []
    if not pd.isna(row["mean_ms"]):
        parts.append(f"{milliseconds(row['mean_ms'])} ms"
                     + bracket(row, "mean_ms", lambda value: milliseconds(value, like=row["mean_ms"])))
    if not pd.isna(row["ratio_to_bound"]):
        ratio = f"× {row['ratio_to_bound']:.2f}{bracket(row, 'ratio_to_bound', lambda value: f'{value:.2f}')}"
        if isinstance(row["bound"], str) and row["bound"] != "latency":
            ratio += f" {row['bound']}"
        parts.append(ratio)
    text = "; ".join(parts)
    if row["status"] != "OK":
        return f"**{row['status']}**" + (f": {text}" if text else "")
    return text or "no figures"


def intervals_line(rows):
    """The header line: how sure each N's intervals are, from Java's interval_confidence, spread_over and draws."""
    words = []
    for n in FINDINGS_NS:
        at = rows[rows["n"] == n]
        if at.empty:
            continue
        with_one = at[at["interval_confidence"].notna()] if "interval_confidence" in at.columns else at.iloc[:0]
        kinds = with_one.reindex(columns=["interval_confidence", "spread_over", "draws"]).drop_duplicates()
        sure = ", ".join(f"confidence {kind.interval_confidence:g}"
                         + (f" over {kind.spread_over}" if isinstance(kind.spread_over, str) else "")
                         + (f" ({kind.draws:.0f} draws)" if not pd.isna(kind.draws) else "")
                         for kind in kinds.sort_values(list(kinds.columns)).itertuples())
        words.append(f"N = {n:,}: " + (sure or "none (one draw, or a run written before summary.csv had them)"))
    return "Intervals hold the median of each figure with " + "; ".join(words) + "."


def findings_markdown(results):
    """findings.md's text for a results folder."""
    rows = findings_rows(results.summary)
    lines = ["# Findings: one fan-out's mean time and its ratio to the tightest bound", "",
             caption(results.meta), "",
             "Each cell: the mean time of one fan-out in ms, then × its ratio to the tightest bound (ratio_to_bound: "
             "the mean over the bound that binds, the figure that carries to another machine), each with its "
             "interval [lo–hi] "
             "where the trial has one, and the bound named where it is not latency (the ideal L × ceil(N/k)): cpu "
             "is the CPU floor N·c/P, latency_cpu is L + N·c/(2P). Closed-loop model trials only (fetch_n), every "
             "request on one client (pools = 1), no CPU work per response (cpu_us = 0); a status other than OK is "
             "in bold.", ""]
    if rows.empty:
        return "\n".join(lines + ["No such trial at N = 1,000 or 10,000 in this run.", ""])
    lines += [intervals_line(rows), "",
              "| model | client | " + " | ".join(f"N = {n:,}" for n in FINDINGS_NS) + " |",
              "| --- | --- | " + " | ".join("---" for _ in FINDINGS_NS) + " |"]
    order = list(dict.fromkeys(rows["variant"]))
    pairs = sorted(set(zip(rows["variant"], rows["client"])),
                   key=lambda pair: (order.index(pair[0]), client_rank(pair[1]), pair[1]))
    for variant, client in pairs:
        cells = rows[(rows["variant"] == variant) & (rows["client"] == client)]
        found = [cells[cells["n"] == n] for n in FINDINGS_NS]
        lines.append(f"| {variant} | {client} | "
                     + " | ".join(finding(None if at.empty else at.iloc[0]) for at in found) + " |")
    return "\n".join(lines + [""])


def write_findings(results):
    """Writes <results>/charts/findings.md; returns its path."""
    path = results.charts_dir / FINDINGS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(findings_markdown(results), encoding="utf-8")
    return path
