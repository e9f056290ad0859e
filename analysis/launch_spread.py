"""How far a trial's figures move from one fresh launch to the next: the table of benchmarks/perf/launch-spread.sh.

    /usr/bin/python3 -m analysis.launch_spread RESULTS_DIR...

reads each launch's summary.csv and prints, per trial, each launch's mean op, median op, ratio to its tight bound,
client CPU per request and the JIT compilers' CPU per op as Java wrote them (and, from forks.csv, how many of its
forks' code warm-ups ended with quiet compilers), then each figure's largest over its smallest across the launches:
the spread a reader of one launch cannot see, and that a lever must narrow to be kept (docs/spread.md).

Where every launch ran the trial in several forks (forks.csv), it also pools the forks of all the launches and
resamples them into as many campaigns again, each of as many launches of as many forks: one campaign's largest over
smallest is one draw, and whether a goal on it holds depends on the draw; the pooled line says how often it would
(the median and the 90th percentile of the resampled campaigns), taking forks as alike from one launch to the next.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.loading import read_summary, read_table

FIGURES = ("mean_ms", "p50_ms", "ratio_to_bound", "client_cpu_us_per_request", "jit_cpu_ms_per_op")
RESAMPLES = 10_000


def launches(folders):
    """trial -> [row of each launch, in the order given], for every trial of the first launch."""
    summaries = [read_summary(Path(folder) / "summary.csv").set_index("trial") for folder in folders]
    return {trial: [summary.loc[trial] for summary in summaries if trial in summary.index]
            for trial in summaries[0].index}


def spread_table(folders):
    """The table's lines: a block per trial, a line per launch, then the largest over the smallest."""
    lines = []
    tables = fork_tables(folders)
    for trial, rows in launches(folders).items():
        forks = forks_of(tables, trial)
        lines.append(trial)
        lines.append("  launch " + "".join(f"{figure:>28}" for figure in FIGURES)
                     + (f"{'jit_settled':>13}" if forks is not None else ""))
        for number, row in enumerate(rows, 1):
            lines.append(f"  {number:>6} " + "".join(f"{cell(row, figure):>28}" for figure in FIGURES)
                         + (f"{settled(forks[number - 1]):>13}" if forks is not None else ""))
        lines.append("  max/min" + "".join(f"{ratio([row[figure] for row in rows]):>28}" for figure in FIGURES))
        if forks is not None:
            per_launch = round(np.median([len(launch) for launch in forks]))
            pooled = pd.concat(forks)
            rng = np.random.default_rng(0)
            cells = [resampled_spread(pooled[figure].to_numpy(), len(forks), per_launch, rng) for figure in FIGURES]
            lines.append("  pooled " + "".join(f"{f'{median:.3f} [{high:.3f}]':>28}" for median, high in cells))
            lines.append(f"  pooled: the {len(pooled)} forks drawn into {RESAMPLES:,} campaigns of {len(forks)} launches"
                         f" of {per_launch} forks: max/min at the median [90th percentile]")
    return lines


def fork_tables(folders):
    """Each launch's forks.csv, read once for every trial, or None when a launch has none."""
    paths = [Path(folder) / "forks.csv" for folder in folders]
    return [read_table(path, ("trial",) + FIGURES) for path in paths] if all(path.is_file() for path in paths) else None


def forks_of(tables, trial):
    """Each launch's forks of the trial, or None unless every launch has two forks or more."""
    if tables is None:
        return None
    per_launch = [table[table["trial"] == trial] for table in tables]
    return per_launch if all(len(forks) >= 2 for forks in per_launch) else None


def settled(launch_forks):
    """How many of a launch's forks ended their code warm-up with quiet compilers, as "2/3": a fork that did not still
    compiles in its measured ops. "-" for forks.csv written before it said."""
    if "jit_settled" not in launch_forks.columns:
        return "-"
    return f"{int(launch_forks['jit_settled'].sum())}/{len(launch_forks)}"


def resampled_spread(values, launches, forks_per_launch, rng):
    """The largest over the smallest of `launches` medians, each of `forks_per_launch` values drawn with replacement
    from `values`, over RESAMPLES such campaigns: (their median, their 90th percentile)."""
    draws = rng.choice(values, size=(RESAMPLES, launches, forks_per_launch))
    medians = np.median(draws, axis=2)
    ratios = medians.max(axis=1) / medians.min(axis=1)
    return float(np.median(ratios)), float(np.quantile(ratios, 0.9))


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
