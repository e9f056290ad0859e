#!/usr/bin/env bash
# How well `compare` separates a real slowdown from noise (docs/compare.md, "The gate's own power"): runs a profile
# K times against the stub server as it is, and K times against it answering S% later than asked for each S
# given (`server --slow-by S`, a real slowdown of what is measured, not rescaled numbers). Then it compares every
# as-is run with every other one (A/A: any row called worse is a false alarm) and every as-is run with every
# slowed one (a row called worse is a detection), and prints per row: false alarms, the largest A/A change, the
# median of the slowdown compare says the row could show, and the detections at each S.
#
# usage: benchmarks/perf/gate-power.sh K [S ...]      e.g. benchmarks/perf/gate-power.sh 3 10 15
# env:   JAR (default benchmarks.jar), PROFILE (default ci), OUT (default a new temporary folder),
#        RUN_ARGS (more launcher arguments for every run, e.g. "-p n=10")
# Pairs share runs, so they are not independent: with K = 3, 3 A/A pairs and 9 slowed pairs per S.
# Each run of the ci profile takes about 4.5 min on 2 cores.
set -euo pipefail
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]] || [ "$1" -lt 2 ]; then
  echo "usage: $0 K [SLOWDOWN_PERCENT ...]   (K >= 2 runs per level)" >&2
  exit 2
fi
runs=$1
shift
jar=${JAR:-benchmarks.jar}
profile=${PROFILE:-ci}
out=${OUT:-$(mktemp -d)}
read -r -a run_args <<< "${RUN_ARGS:-}"
mkdir -p "$out"

server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true' EXIT
for slow in 0 "$@"; do
  java -jar "$jar" server --port 0 --slow-by "$slow" --parent-pid $$ > "$out/server-slow$slow.log" 2>&1 &
  server_pid=$!
  url=
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^listening on //p' "$out/server-slow$slow.log")
    [ -n "$url" ] && break
    sleep 0.2
  done
  [ -n "$url" ] || { echo "the stub server did not start: $out/server-slow$slow.log" >&2; exit 1; }
  for i in $(seq 1 "$runs"); do
    echo "== slowed by $slow%, run $i of $runs"
    java -jar "$jar" --profile "$profile" --server-url "$url" --results "$out/slow$slow-run$i" \
      ${run_args[@]+"${run_args[@]}"} | tail -n 1
  done
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
done

/usr/bin/python3 - "$jar" "$out" "$runs" "$@" <<'PY'
import itertools, json, statistics, subprocess, sys
jar, out, runs, slowdowns = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]

def compare(base, cur):
    done = subprocess.run(["java", "-jar", jar, "compare", f"{out}/{base}", f"{out}/{cur}", "--format", "json"],
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"compare {base} {cur} could not judge them (exit {done.returncode}): {done.stderr.strip()}")
    report = json.loads(done.stdout)
    if report["onlyInBaseline"] or report["onlyInCurrent"]:
        sys.exit(f"compare {base} {cur} could not match every row: {report['onlyInBaseline'] + report['onlyInCurrent']}")
    return {c["benchmark"]: c for c in report["comparisons"]}

as_is = [f"slow0-run{i}" for i in range(1, runs + 1)]
aa = [compare(a, b) for a, b in itertools.combinations(as_is, 2)]
slowed = {s: [compare(a, f"slow{s}-run{j}") for a in as_is for j in range(1, runs + 1)] for s in slowdowns}
rows = list(aa[0])

def count(pairs, row):
    return f"{sum(p[row]['verdict'] == 'worse' for p in pairs)}/{len(pairs)}"

print()
header = ["row", "A/A false alarms", "largest A/A change", "detectable (median)"] + [f"worse at +{s}%" for s in slowdowns]
print("| " + " | ".join(header) + " |")
print("|" + "---|" * len(header))
for row in rows:
    detectable = [p[row]["detectableSlowdownPercent"] for p in aa if p[row]["detectableSlowdownPercent"] is not None]
    cells = [row, count(aa, row), "%+.1f%%" % max((p[row]["changePercent"] for p in aa), key=abs),
             "%.1f%%" % statistics.median(detectable) if detectable else "none"]
    cells += [count(slowed[s], row) for s in slowdowns]
    print("| " + " | ".join(cells) + " |")
alarmed = sum(any(c["verdict"] == "worse" for c in p.values()) for p in aa)
print(f"\nA/A comparisons with a false alarm anywhere in the suite: {alarmed} of {len(aa)}")
for s in slowdowns:
    caught = sum(p[r]["verdict"] == "worse" for p in slowed[s] for r in rows)
    print(f"Rows caught at +{s}%: {caught} of {len(rows) * len(slowed[s])} row comparisons")
PY
