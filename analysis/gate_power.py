"""How well `compare` separates a real slowdown from noise: the table of benchmarks/perf/gate-power.sh (docs/compare.md).

    /usr/bin/python3 -m analysis.gate_power [--rounds R] JAR OUT K [LEVEL ...]

reads the runs gate-power.sh left in OUT (as-is-run1 .. as-is-runK as they are, and for each LEVEL its K runs:
server:S, the server answering S% later, in serverS-run1 ..; client:M, the client burning M µs more CPU on every
response, in clientM-run1 ..), judges every pair with `java -jar JAR compare`, and prints per row: the
A/A false alarms, the largest A/A change, the median of the slowdown compare says the row could show, and for each
level the change it really made to the row (the median over the pairs) beside how many pairs were called worse.
The change made matters: a row whose op is mostly the client's CPU moves far less than S when only the server's
wait grows, a row whose op is mostly waiting moves little when the client works more, and a 10% threshold rightly
calls a 3% move nothing.

With --rounds R each side of a pair is R runs, judged by compare as it judges the R rounds of base and head a CI job
alternates (docs/compare.md, "In CI": forks pooled, and a row worse only when every pair of runs agrees): the A/A
pairs are every two disjoint groups of R as-is runs, and a level's pairs every group of R as-is runs against every
group of R of its runs; a last line counts the A/A pairs whose sides alternate in time, as perf.yml's do. The pairs
share runs whatever R is, so none of them is independent of the others.
"""

import itertools
import re
import json
import statistics
import subprocess
import sys


def side(out, runs):
    """A side of compare's command line: the runs' folders, comma-separated."""
    return ",".join(f"{out}/{run}" for run in runs)


def compare(jar, out, base, current):
    """compare's JSON report of two sides (each a tuple of runs), by row; exits when compare cannot judge or match
    them."""
    done = subprocess.run(["java", "-jar", jar, "compare", side(out, base), side(out, current), "--format", "json"],
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"compare {base} {current} could not judge them (exit {done.returncode}): {done.stderr.strip()}")
    report = json.loads(done.stdout)
    if report["onlyInBaseline"] or report["onlyInCurrent"]:
        sys.exit(f"compare {base} {current} could not match every row: "
                 f"{report['onlyInBaseline'] + report['onlyInCurrent']}")
    return {c["benchmark"]: c for c in report["comparisons"]}


def aa_sides(runs, rounds):
    """Every two disjoint groups of `rounds` of the runs, the group holding the earlier run as the baseline: with
    rounds = 1, every two runs, the earlier one as the baseline."""
    for group in itertools.combinations(runs, 2 * rounds):
        for base in itertools.combinations(group, rounds):
            if base[0] == group[0]:
                yield base, tuple(run for run in group if run not in base)


def alternated_sides(runs, rounds):
    """The A/A pairs as perf.yml makes its sides, alternating in time: in every window of 2 x `rounds` runs in a row,
    the 1st, 3rd, ... against the 2nd, 4th, ..., and the other way round. A machine that drifts over the runs lands on
    both sides of these, where aa_sides also sets early runs against late ones."""
    for start in range(len(runs) - 2 * rounds + 1):
        window = runs[start:start + 2 * rounds]
        first, second = tuple(window[0::2]), tuple(window[1::2])
        yield first, second
        yield second, first


def alarmed(pairs):
    """How many of the pairs' reports call any row worse."""
    return sum(any(c["verdict"] == "worse" for c in p.values()) for p in pairs)


def worse(pairs, row):
    return f"{sum(p[row]['verdict'] == 'worse' for p in pairs)}/{len(pairs)}"


def median_change(pairs, row):
    return "%+.1f%%" % statistics.median(p[row]["changePercent"] for p in pairs)


AS_IS = "as-is"
LEVEL = re.compile(r"(server):(\d+(?:\.\d+)?)|(client):(\d+)")


def parse_level(level):
    """(kind, amount) of a LEVEL argument; exits naming the two kinds when it is neither."""
    match = LEVEL.fullmatch(level)
    if not match:
        sys.exit(f"a level is server:PERCENT (the server answers that much later) or client:MICROS (the client burns "
                 f"that much more CPU on every response), got {level!r}")
    return (match[1], match[2]) if match[1] else (match[3], match[4])


def run_folder(level, i):
    """Where gate-power.sh keeps run i of a level: as-is-runI, serverS-runI, clientM-runI (the level without its
    colon)."""
    if level == AS_IS:
        return f"{AS_IS}-run{i}"
    kind, amount = parse_level(level)
    return f"{kind}{amount}-run{i}"


def label(level):
    """A level as the table names it: server +15%, client +30 µs."""
    kind, amount = parse_level(level)
    return f"{kind} +{amount}%" if kind == "server" else f"{kind} +{amount} µs"


def table(aa, slowed):
    """The table's lines: aa, the A/A pairs' reports; slowed, each level's pairs' reports, in order."""
    rows = list(aa[0])
    header = ["row", "A/A false alarms", "largest A/A change", "detectable (median)"]
    for level in slowed:
        header += [f"change at {label(level)}", f"worse at {label(level)}"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        detectable = [p[row]["detectableSlowdownPercent"] for p in aa
                      if p[row]["detectableSlowdownPercent"] is not None]
        cells = [row, worse(aa, row), "%+.1f%%" % max((p[row]["changePercent"] for p in aa), key=abs),
                 "%.1f%%" % statistics.median(detectable) if detectable else "none"]
        for pairs in slowed.values():
            cells += [median_change(pairs, row), worse(pairs, row)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"A/A comparisons with a false alarm anywhere in the suite: {alarmed(aa)} of {len(aa)}"]
    for level, pairs in slowed.items():
        caught = sum(p[r]["verdict"] == "worse" for p in pairs for r in rows)
        lines.append(f"Rows caught at {label(level)}: {caught} of {len(rows) * len(pairs)} row comparisons")
    return lines


def main(argv):
    rounds = 1
    if argv[:1] == ["--rounds"]:
        if len(argv) < 2 or not argv[1].isdigit() or int(argv[1]) < 1:
            sys.exit("--rounds takes the runs a side, 1 or more")
        rounds, argv = int(argv[1]), argv[2:]
    if len(argv) < 3 or not argv[2].isdigit() or int(argv[2]) < 2 * rounds:
        sys.exit("usage: python3 -m analysis.gate_power [--rounds R] JAR OUT K [LEVEL ...]   (K >= 2 runs per level, "
                 "and K >= 2 R for an A/A pair of R runs a side; a LEVEL is server:PERCENT or client:MICROS)")
    jar, out, runs, levels = argv[0], argv[1], int(argv[2]), argv[3:]
    for level in levels:
        parse_level(level)
    as_is = [run_folder(AS_IS, i) for i in range(1, runs + 1)]
    aa = [compare(jar, out, a, b) for a, b in aa_sides(as_is, rounds)]
    slowed = {level: [compare(jar, out, a, b) for a in itertools.combinations(as_is, rounds)
                      for b in itertools.combinations([run_folder(level, j) for j in range(1, runs + 1)], rounds)]
              for level in levels}
    print()
    if rounds > 1:
        print(f"{rounds} runs a side, judged together by compare")
    print("\n".join(table(aa, slowed)))
    if rounds > 1:
        alternated = [compare(jar, out, a, b) for a, b in alternated_sides(as_is, rounds)]
        print(f"A/A comparisons with a false alarm, the sides alternating in time as perf.yml runs them: "
              f"{alarmed(alternated)} of {len(alternated)}")


if __name__ == "__main__":
    main(sys.argv[1:])
