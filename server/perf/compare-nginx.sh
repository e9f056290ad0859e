#!/usr/bin/env bash
# Measures the stub server against nginx on this machine, as server/README.md reports it:
#   1. throughput: wrk -t2 -c100 against nginx (2 workers, `return 200`) and against the stub
#      server's zero-delay endpoints, alternating, ROUNDS times, in one session;
#   2. timer lateness: wrk -t2 -c5000 against /?delay=100, then the server's own /stats.
# Installs nothing. Needs wrk, nginx, curl and java 21+ on PATH, and the built jar:
#   sudo apt-get install -y wrk nginx curl
#   mvn -B -q -pl server verify        # from the repository root; builds server/target/stub-server.jar
# Knobs (environment): JAVA_HOME (else java on PATH) ROUNDS=3 DURATION=5s CONNECTIONS=100 IO_THREADS=2 LATENESS_CONNECTIONS=5000
#   LATENESS_DELAY_MS=100 LATENESS_DURATION=10s NGINX_PORT=18080 STUB_PORT=18000 JAVA_OPTS=
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/stub-server.jar"
rounds="${ROUNDS:-3}"
duration="${DURATION:-5s}"
connections="${CONNECTIONS:-100}"
io_threads="${IO_THREADS:-2}"
lateness_connections="${LATENESS_CONNECTIONS:-5000}"
lateness_delay="${LATENESS_DELAY_MS:-100}"
lateness_duration="${LATENESS_DURATION:-10s}"
nginx_port="${NGINX_PORT:-18080}"
stub_port="${STUB_PORT:-18000}"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
missing=0
for tool in wrk nginx curl "$java"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "compare-nginx: $tool not found on PATH" >&2
        missing=1
    fi
done
if [ "$missing" -ne 0 ]; then
    echo "compare-nginx: install them with: sudo apt-get install -y wrk nginx curl (and a JDK 21+)" >&2
    exit 1
fi
java_major="$("$java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')"
if [ "${java_major:-0}" -lt 21 ]; then
    echo "compare-nginx: $java is Java ${java_major:-?}; the jar needs 21+ (set JAVA_HOME)" >&2
    exit 1
fi
if [ ! -f "$jar" ]; then
    echo "compare-nginx: $jar not found; build it from the repository root with: mvn -B -q -pl server verify" >&2
    exit 1
fi
# wrk needs one descriptor per connection, the server one more each.
if [ "$(ulimit -n)" -lt $((lateness_connections * 2 + 100)) ]; then
    ulimit -n $((lateness_connections * 2 + 100)) 2>/dev/null || {
        echo "compare-nginx: ulimit -n is $(ulimit -n); $lateness_connections connections need $((lateness_connections * 2 + 100))" >&2
        exit 1
    }
fi

for port in "$nginx_port" "$stub_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "compare-nginx: something already listens on 127.0.0.1:$port; stop it or set NGINX_PORT/STUB_PORT" >&2
        exit 1
    fi
done

scratch="$(mktemp -d)"
nginx_pid=""
stub_pid=""
cleanup() {
    set +e
    for pid in $stub_pid $nginx_pid; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    rm -rf "$scratch"
}
trap cleanup EXIT

sed "s#@PREFIX@#$scratch#g; s#@PORT@#$nginx_port#g" "$here/nginx.conf.template" > "$scratch/nginx.conf"
nginx -p "$scratch" -c "$scratch/nginx.conf" &
nginx_pid=$!

# shellcheck disable=SC2086
"$java" ${JAVA_OPTS:-} -jar "$jar" --port "$stub_port" --io-threads "$io_threads" > "$scratch/stub.out" 2> "$scratch/stub.err" &
stub_pid=$!
for _ in $(seq 100); do
    grep -q '^listening on ' "$scratch/stub.out" 2>/dev/null && curl -sf "http://127.0.0.1:$nginx_port/" >/dev/null && break
    sleep 0.1
done
grep -q '^listening on ' "$scratch/stub.out" || { echo "compare-nginx: stub server did not start:" >&2; cat "$scratch/stub.err" >&2; exit 1; }
kill -0 "$nginx_pid" 2>/dev/null || { echo "compare-nginx: nginx did not start:" >&2; cat "$scratch/error.log" >&2; exit 1; }

nginx_url="http://127.0.0.1:$nginx_port/"
query_url="http://127.0.0.1:$stub_port/?delay=0"
path_url="http://127.0.0.1:$stub_port/delay/0"

rps() {
    wrk -t2 -c"$1" -d"$2" "$3" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }'
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $("$java" -version 2>&1 | head -1)"
echo "wrk -t2 -c$connections -d$duration; stub server --io-threads $io_threads; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warming up the JIT..."
rps "$connections" 5s "$query_url" >/dev/null
rps "$connections" 5s "$path_url" >/dev/null
rps "$connections" 2s "$nginx_url" >/dev/null

printf '%-6s %12s %12s %12s %10s %10s\n' round nginx "/?delay=0" "/delay/0" ratio-q ratio-p
for round in $(seq "$rounds"); do
    n=$(rps "$connections" "$duration" "$nginx_url")
    q=$(rps "$connections" "$duration" "$query_url")
    p=$(rps "$connections" "$duration" "$path_url")
    printf '%-6s %12s %12s %12s %10s %10s\n' "$round" "$n" "$q" "$p" \
        "$(awk -v a="$q" -v b="$n" 'BEGIN { printf "%.2f", a / b }')" \
        "$(awk -v a="$p" -v b="$n" 'BEGIN { printf "%.2f", a / b }')"
done

echo
echo "lateness: wrk -t2 -c$lateness_connections -d$lateness_duration 'http://127.0.0.1:$stub_port/?delay=$lateness_delay'"
# The delayed path (dispatch, timer, hang-up watch) is still interpreted code after the zero-delay
# rounds; warm it the same way, and let the warm-up's connections close, before counting.
wrk -t2 -c"$lateness_connections" -d5s --timeout 10s "http://127.0.0.1:$stub_port/?delay=$lateness_delay" >/dev/null
sleep 1
curl -sf -X POST "http://127.0.0.1:$stub_port/stats/reset" >/dev/null
wrk -t2 -c"$lateness_connections" -d"$lateness_duration" --timeout 10s --latency "http://127.0.0.1:$stub_port/?delay=$lateness_delay" \
    | sed -n '/Latency Distribution/,/Requests\/sec/p'
sleep 1  # let the closes of wrk's 5000 connections settle, so in_flight reads 0
echo "/stats: $(curl -sf "http://127.0.0.1:$stub_port/stats")"
