"""How far a trial's figures move from one fresh launch to the next: the table of benchmarks/perf/launch-spread.sh.

    /usr/bin/python3 -m analysis.launch_spread RESULTS_DIR...

reads each launch's summary.csv and prints, per trial, each launch's mean op, median op, ratio to its tight bound,
client CPU per request and the JIT compilers' CPU per op as Java wrote them, then each figure's largest over its smallest across the launches: the
spread a reader of one launch cannot see, and that a lever must narrow to be kept (docs/spread.md).
"""

import sys
from pathlib import Path

from analysis.loading import read_summary

FIGURES = ("mean_ms", "p50_ms", "ratio_to_bound", "client_cpu_us_per_request", "jit_cpu_ms_per_op")


def launches(folders):
    """trial -> [row of each launch, in the order given], for every trial of the first launch."""
    summaries = [read_summary(Path(folder) / "summary.csv").set_index("trial") for folder in folders]
    return {trial: [summary.loc[trial] for summary in summaries if trial in summary.index]
            for trial in summaries[0].index}


def spread_table(folders):
    """The table's lines: a block per trial, a line per launch, then the largest over the smallest."""
    lines = []
    for trial, rows in launches(folders).items():
        lines.append(trial)
        lines.append("  launch " + "".join(f"{figure:>28}" for figure in FIGURES))
        for number, row in enumerate(rows, 1):
            lines.append(f"  {number:>6} " + "".join(f"{cell(row, figure):>28}" for figure in FIGURES))
        lines.append("  max/min" + "".join(f"{ratio([row[figure] for row in rows]):>28}" for figure in FIGURES))
    return lines


def cell(row, figure):
    """A figure with its interval where the launch has one: 417.2 [336.0-451.9]."""
    low, high = row.get(f"{figure}_lo"), row.get(f"{figure}_hi")
    value = row[figure]
    if value != value:  # NaN: not measured
        return "-"
    if low is None or high is None or low != low or high != high:
        return f"{value:.2f}"
    return f"{value:.2f} [{low:.2f}-{high:.2f}]"


def ratio(values):
    present = [value for value in values if value == value]
    if len(present) < 2 or min(present) <= 0:
        return "-"
    return f"{max(present) / min(present):.3f}"


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: python3 -m analysis.launch_spread RESULTS_DIR RESULTS_DIR...")
    print("\n".join(spread_table(sys.argv[1:])))
