#!/usr/bin/env bash
# How well `compare` separates a real slowdown from noise (docs/compare.md, "The gate's own power"): runs a profile
# K times against the stub server as it is, and K times against it answering S% later than asked for each S
# given (`server --slow-by S`, a real slowdown of what is measured, not rescaled numbers). Then it compares every
# as-is run with every other one (A/A: any row called worse is a false alarm) and every as-is run with every
# slowed one (a row called worse is a detection), and prints per row: false alarms, the largest A/A change, the
# median of the slowdown compare says the row could show, and at each S the change it made to the row and the
# detections.
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

# The table comes from analysis/gate_power.py, which can also re-read the OUT folder of an earlier measurement.
PYTHONPATH="$(dirname "$0")/../.." /usr/bin/python3 -m analysis.gate_power "$jar" "$out" "$runs" "$@"
