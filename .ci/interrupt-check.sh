#!/usr/bin/env bash
# Interrupts a quick run at a random point with each of SIGKILL, SIGTERM and SIGINT, and checks what it leaves:
# no process of the run left, summary.csv and jmh.json that parse and agree, a meta.json that says how the run
# ended (SIGKILL lets nothing run, so only the other two), and nothing written outside the results folder but
# JMH's own files in the temporary folder (its global lock, and the per-fork output files it deletes when the
# JVM exits, which a SIGKILL prevents).
#
# Usage: .ci/interrupt-check.sh [benchmarks.jar]   (JDK 21+ first on the PATH; /usr/bin/python3)
set -euo pipefail
jar=$(realpath "${1:-benchmarks.jar}")
tmp=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.io.tmpdir = //p')
failures=0
fail() { echo "FAIL ($signal): $*"; failures=$((failures + 1)); }

for signal in KILL TERM INT; do
  work=$(mktemp -d)
  cd "$work"
  ls -A "$tmp" | sort > "$work.tmp-before"
  # A background job of a script starts with SIGINT ignored, and a JVM leaves an ignored signal ignored: start
  # the launcher with SIGINT at its default, as a terminal's Ctrl-C finds it.
  /usr/bin/python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
    java -jar "$jar" --profile quick --results "$work/run" > "$work/out.txt" 2>&1 &
  launcher=$!
  wait_s=$((RANDOM % 20 + 4))
  sleep "$wait_s"
  kill "-$signal" "$launcher"
  status=0
  wait "$launcher" || status=$?
  echo "== SIG$signal after ${wait_s} s: exit $status; $(grep -c '^\[' "$work/out.txt" || true) trials started"

  # No process of the run left: forks name the results folder, the server its launcher's pid.
  for _ in $(seq 1 50); do
    left=$(pgrep -f -- "fanout.results.dir=$work/run|--parent-pid $launcher" || true)
    [ -z "$left" ] && break
    sleep 0.2
  done
  [ -z "$left" ] || fail "processes left: $(ps -o pid=,args= -p ${left//$'\n'/,} | cut -c1-150)"

  case $signal in
    TERM) [ "$status" = 143 ] || fail "exit $status, expected 143" ;;
    INT) [ "$status" = 130 ] || fail "exit $status, expected 130" ;;
  esac
  if [ "$signal" != KILL ]; then
    grep -q "^interrupted; [0-9]* trials kept in $work/run" "$work/out.txt" || fail "no 'interrupted; N trials kept' line"
  fi

  # The results: what there is must parse, agree, and say how the run ended.
  /usr/bin/python3 - "$work/run" "$signal" <<'PY' || fail "results: see above"
import csv, json, sys
from pathlib import Path
run, signal = Path(sys.argv[1]), sys.argv[2]
meta = json.loads((run / "meta.json").read_text())
if signal != "KILL":
    assert meta.get("finished_at"), "meta.json has no finished_at"
    assert str(meta.get("stopped_because", "")).startswith("interrupted"), f"stopped_because: {meta.get('stopped_because')}"
    assert not (run / "forks").exists(), "forks/ staging left behind"
    assert not (run / "tmp").exists(), "the forks' tmp/ left behind"
if (run / "summary.csv").exists():
    rows = list(csv.DictReader((run / "summary.csv").open()))
    jmh = json.loads((run / "jmh.json").read_text())
    in_jmh = {";".join(f"{k}={v}" for k, v in sorted(r["params"].items())) for r in jmh}
    ok = [r for r in rows if r["status"] == "OK"]
    missing = [r["trial"] for r in ok if r["jmh_params"] not in in_jmh]
    assert not missing, f"OK rows without a JMH result: {missing}"
    assert len(jmh) <= len(rows), f"{len(jmh)} JMH results but {len(rows)} summary rows"
    print(f"   {len(rows)} rows ({len(ok)} OK), {len(jmh)} JMH results agree; meta: {meta.get('stopped_because', 'no end recorded')}")
else:
    print(f"   no trial finished; meta: {meta.get('stopped_because', 'no end recorded')}")
PY

  # Nothing written outside the results folder: in the working folder, and in the temporary folder.
  extra=$(ls -A "$work" | grep -v -x -e run -e out.txt || true)
  [ -z "$extra" ] || fail "written beside the results folder: $extra"
  new=$(comm -13 "$work.tmp-before" <(ls -A "$tmp" | sort) | grep -v -e '^jmh' || true)
  for entry in $new; do
    # Only entries this run made: another process of the machine may write there meanwhile.
    if [ "$(stat -c %U "$tmp/$entry" 2>/dev/null)" = "$(id -un)" ] && grep -qs "$work" "$tmp/$entry" 2>/dev/null; then
      fail "written in $tmp: $entry"
    fi
  done
  cd /
  rm -rf "$work" "$work.tmp-before"
done

if [ "$failures" -gt 0 ]; then
  echo "interrupt check: $failures failure(s)"
  exit 1
fi
echo "interrupt check: SIGKILL, SIGTERM and SIGINT each left no process and whole results"
