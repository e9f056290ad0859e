#!/usr/bin/env bash
# Measures the stub server against nginx on this machine, as server/README.md reports it:
#   1. throughput: wrk -c100 against nginx (2 workers, `return 200`) and against the stub server's
#      zero-delay endpoints, alternating, ROUNDS times, in two layouts:
#        shared: servers and `wrk -t2` on every core (the issue's method; the kernel decides who
#                gets how much CPU, so the ratio also measures scheduling luck);
#        pinned: servers on core 0, `wrk -t1` on core 1 (each server gets exactly one core);
#      with each server's CPU time per request (user and kernel, from /proc/PID/stat), which does
#      not depend on who won the scheduler;
#   2. timer lateness: wrk -t2 -c5000 against /?delay=100, then the server's own /stats.
# Installs nothing. Needs wrk, nginx, curl, taskset and java 21+ on PATH, and the built jar:
#   sudo apt-get install -y wrk nginx curl
#   mvn -B -q -pl server verify        # from the repository root; builds server/target/stub-server.jar
# Knobs (environment): JAVA_HOME (else java on PATH) ROUNDS=3 DURATION=5s CONNECTIONS=100
#   IO_THREADS= (the server's default if empty) LATENESS_CONNECTIONS=5000 LATENESS_DELAY_MS=100
#   LATENESS_DURATION=10s NGINX_PORT=18080 STUB_PORT=18000 JAVA_OPTS=
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/stub-server.jar"
rounds="${ROUNDS:-3}"
duration="${DURATION:-5s}"
connections="${CONNECTIONS:-100}"
io_threads="${IO_THREADS:-}"
lateness_connections="${LATENESS_CONNECTIONS:-5000}"
lateness_delay="${LATENESS_DELAY_MS:-100}"
lateness_duration="${LATENESS_DURATION:-10s}"
nginx_port="${NGINX_PORT:-18080}"
stub_port="${STUB_PORT:-18000}"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
missing=0
for tool in wrk nginx curl taskset "$java"; do
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
"$java" ${JAVA_OPTS:-} -jar "$jar" --port "$stub_port" ${io_threads:+--io-threads "$io_threads"} > "$scratch/stub.out" 2> "$scratch/stub.err" &
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

nginx_pids() {
    pgrep -P "$nginx_pid" | tr '\n' ' '
}

# Pins a server (every thread of it) to the given CPUs.
pin() {
    local cpus=$1 pid
    shift
    for pid in "$@"; do
        taskset -a -p -c "$cpus" "$pid" >/dev/null
    done
}

# user and system clock ticks used so far by the given processes, summed
cpu_ticks() {
    local pid user=0 system=0 u s
    for pid in "$@"; do
        read -r u s < <(awk '{ print $14, $15 }' "/proc/$pid/stat")
        user=$((user + u))
        system=$((system + s))
    done
    echo "$user $system"
}

# measure WRK_CPUS WRK_THREADS URL PID...: prints "req/s user_us sys_us", wrk's own req/s and the
# server's CPU per request
measure() {
    local wrk_cpus=$1 wrk_threads=$2 url=$3 u0 s0 u1 s1 requests rate
    shift 3
    read -r u0 s0 < <(cpu_ticks "$@")
    read -r requests rate < <(taskset -c "$wrk_cpus" wrk -t"$wrk_threads" -c"$connections" -d"$duration" "$url" \
        | awk '/ requests in / { n = $1 } /^Requests\/sec:/ { r = $2 } END { print n, r }')
    read -r u1 s1 < <(cpu_ticks "$@")
    awk -v n="$requests" -v r="$rate" -v du=$((u1 - u0)) -v ds=$((s1 - s0)) -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%.0f %.2f %.2f\n", r, du * 1e6 / hz / n, ds * 1e6 / hz / n }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $("$java" -version 2>&1 | head -1)"
echo "stub server: $(sed -n 's/^listening on //p' "$scratch/stub.out") --io-threads ${io_threads:-default}; wrk -c$connections -d$duration; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
all_cpus="0-$(($(nproc) - 1))"
echo "warming up the JIT..."
wrk -t2 -c"$connections" -d5s "$query_url" >/dev/null
wrk -t2 -c"$connections" -d5s "$path_url" >/dev/null
wrk -t2 -c"$connections" -d2s "$nginx_url" >/dev/null

layouts="shared"
[ "$(nproc)" -ge 2 ] && layouts="shared pinned"
echo "req/s, and the server's CPU per request in µs (user + kernel); ratio = stub req/s ÷ nginx req/s in the same round"
printf '%-7s %-5s %24s %24s %24s %8s %8s\n' layout round nginx "/?delay=0" "/delay/0" ratio-q ratio-p
for layout in $layouts; do
    if [ "$layout" = pinned ]; then
        server_cpus=0 wrk_cpus=1 wrk_threads=1
    else
        server_cpus=$all_cpus wrk_cpus=$all_cpus wrk_threads=2
    fi
    # shellcheck disable=SC2046
    pin "$server_cpus" "$stub_pid" $(nginx_pids)
    for round in $(seq "$rounds"); do
        # shellcheck disable=SC2046
        read -r n nu ns < <(measure "$wrk_cpus" "$wrk_threads" "$nginx_url" $(nginx_pids))
        read -r q qu qs < <(measure "$wrk_cpus" "$wrk_threads" "$query_url" "$stub_pid")
        read -r p pu ps < <(measure "$wrk_cpus" "$wrk_threads" "$path_url" "$stub_pid")
        printf '%-7s %-5s %24s %24s %24s %8s %8s\n' "$layout" "$round" \
            "$n ($nu + $ns)" "$q ($qu + $qs)" "$p ($pu + $ps)" "$(ratio "$q" "$n")" "$(ratio "$p" "$n")"
    done
done
# shellcheck disable=SC2046
pin "$all_cpus" "$stub_pid" $(nginx_pids)

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
