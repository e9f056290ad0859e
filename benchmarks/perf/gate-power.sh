#!/usr/bin/env bash
# How well `compare` separates a real slowdown from noise (docs/compare.md, "The gate's own power"): runs a profile
# K times as it is, and K times at each slowdown LEVEL given, each a real slowdown of what is measured, not rescaled
# numbers: server:S, the stub server answering S% later than asked (the launcher's `--slow-server-by S`); client:M,
# the client burning M µs more CPU on every response (`--slow-client-by M`), as a slower client library or code
# under test would. Every run starts its own stub server, as a CI run of the profile does. Then it compares every
# as-is run with every other one (A/A: any row called worse is a false alarm) and every as-is run with every slowed
# one (a row called worse is a detection), and prints per row: false alarms, the largest A/A change, the median of
# the slowdown compare says the row could show, and at each level the change it made to the row and the detections.
#
# usage: benchmarks/perf/gate-power.sh K [LEVEL ...]  e.g. benchmarks/perf/gate-power.sh 3 server:15 client:30
# env:   JAR (default benchmarks.jar), PROFILE (default ci), OUT (default a new temporary folder),
#        RUN_ARGS (more launcher arguments for every run, e.g. "-p n=10"),
#        ROUNDS (default 1: runs a side of each pair, judged by compare as perf.yml's rounds are; K >= 2 x ROUNDS)
# Pairs share runs, so they are not independent: with K = 3, 3 A/A pairs and 9 slowed pairs per level.
# Each run of the ci profile takes about 5 min on 2 cores (9 runs in 47 min on 2026-12-06).
set -euo pipefail
usage="usage: $0 K [LEVEL ...]   (K >= 2 runs per level; a LEVEL is server:PERCENT or client:MICROS)"
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]] || [ "$1" -lt 2 ]; then
  echo "$usage" >&2
  exit 2
fi
runs=$1
shift
rounds=${ROUNDS:-1}
if ! [[ $rounds =~ ^[1-9][0-9]*$ ]]; then
  echo "$usage; ROUNDS (runs a side) must be a whole number of 1 or more, got $rounds" >&2
  exit 2
fi
if [ "$runs" -lt $((2 * rounds)) ]; then
  echo "$usage; ROUNDS=$rounds runs a side need K >= $((2 * rounds))" >&2
  exit 2
fi
for level in "$@"; do
  [[ $level =~ ^(server:[0-9]+(\.[0-9]+)?|client:[0-9]+)$ ]] || { echo "$usage; got $level" >&2; exit 2; }
done
jar=${JAR:-benchmarks.jar}
profile=${PROFILE:-ci}
out=${OUT:-$(mktemp -d)}
read -r -a run_args <<< "${RUN_ARGS:-}"
mkdir -p "$out"

for level in as-is "$@"; do
  slowdown=()
  case $level in
    server:*) slowdown=(--slow-server-by "${level#server:}") ;;
    client:*) slowdown=(--slow-client-by "${level#client:}") ;;
  esac
  for i in $(seq 1 "$runs"); do
    echo "== $level, run $i of $runs"
    # The folder's name is analysis/gate_power.py's run_folder: the level without its colon.
    java -jar "$jar" --profile "$profile" ${slowdown[@]+"${slowdown[@]}"} --results "$out/${level/:/}-run$i" \
      ${run_args[@]+"${run_args[@]}"} | tail -n 1
  done
done

# The table comes from analysis/gate_power.py, which can also re-read the OUT folder of an earlier measurement.
PYTHONPATH="$(dirname "$0")/../.." /usr/bin/python3 -m analysis.gate_power --rounds "$rounds" "$jar" "$out" "$runs" "$@"
