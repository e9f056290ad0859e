#!/usr/bin/env bash
# How far one trial's answer moves from one fresh launch to the next (docs/spread.md): runs the launcher K times on
# the same trial, each a new stub server and new forks, and prints each launch's mean and median op, its ratio to the
# tight bound, its client CPU per request and its JIT compilers' CPU per op, then the largest over the smallest of
# each, and (where each launch ran several forks) how far campaigns like this one spread when its forks are drawn
# again. This is the measurement behind every lever docs/spread.md reports: a lever is kept only where it narrows this
# spread.
#
# usage: benchmarks/perf/launch-spread.sh K [launcher arguments ...]
#   e.g. benchmarks/perf/launch-spread.sh 5 -p workload=event_loop -p client=reactor_netty -p n=10000
#        benchmarks/perf/launch-spread.sh 5 -p workload=event_loop -p client=reactor_netty -p n=10000 -jvmArgsAppend -Xbatch
# env:   JAR (default benchmarks.jar), OUT (default a new temporary folder)
# One launch of a trial at N = 10,000 with the default profile's three forks takes about a minute on 2 cores.
set -euo pipefail
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]] || [ "$1" -lt 2 ]; then
  echo "usage: $0 K [launcher arguments ...]   (K >= 2 launches)" >&2
  exit 2
fi
launches=$1
shift
jar=${JAR:-benchmarks.jar}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
for i in $(seq 1 "$launches"); do
  echo "== launch $i of $launches: $*"
  java -jar "$jar" --results "$out/launch$i" "$@" > "$out/launch$i.out" 2>&1 || {
    echo "launch $i failed; see $out/launch$i.out" >&2
    tail -n 5 "$out/launch$i.out" >&2
    exit 1
  }
done
PYTHONPATH="$(dirname "$0")/../.." /usr/bin/python3 -m analysis.launch_spread "$out"/launch*/
