#!/usr/bin/env bash
# Measures the stub server against nginx on this machine, as server/README.md reports it:
#   1. throughput: wrk -c100 against nginx (2 workers, `return 200`) and against the stub server's
#      zero-delay endpoints, alternating, ROUNDS times, in two layouts:
#        shared: servers and `wrk -t2` on every core (the issue's method; the kernel decides who
#                gets how much CPU, so the ratio also measures scheduling luck);
#        pinned: servers on core 0, `wrk -t1` on core 1 (each server gets exactly one core);
#      with each server's CPU time per request (user and kernel, from /proc/PID/stat), which does
#      not depend on who won the scheduler;
#   2. delayed: wrk -t2 -c1000 --latency against nginx answering after echo_sleep (the echo module)
#      and against the stub's /?delay=100, alternating, ROUNDS times: req/s, CPU per request, wrk's
#      latency p99 and max, and the stub's own /stats lateness; then its last /stats, and over the
#      rounds the goals: the stub's CPU per request within 1.25 x nginx's, its slowest answer within
#      delay + 20 ms.
# Which stub (STUB): "launched" (the default), the server every benchmark runs against, started with
# the very command the benchmark launcher uses (`java -jar benchmarks.jar server-command` prints it:
# its heap, collector and I/O threads); or "standalone", stub-server.jar with JAVA_OPTS (by default
# the flags server/README.md recommends under load) and IO_THREADS (the server's default if empty).
# Installs nothing. Needs wrk, nginx, curl, taskset and java 21+ on PATH, nginx's echo module for
# nginx's side of part 2 (without it part 2 measures the stub alone), and the built jar:
#   sudo apt-get install -y wrk nginx curl libnginx-mod-http-echo
#   mvn -B -q package -DskipTests     # from the repository root; builds benchmarks.jar and server/target/stub-server.jar
# Knobs (environment): JAVA_HOME (else java on PATH) STUB=launched ROUNDS=3 DURATION=5s CONNECTIONS=100
#   LATENESS_CONNECTIONS=1000 LATENESS_DELAY_MS=100 LATENESS_DURATION=10s LATENESS_WARMUP=(3 x LATENESS_DURATION; whole seconds, in runs of 2 s, rounded up)
#   NGINX_PORT=18080 STUB_PORT=18000 PARTS="throughput delayed"
#   NGINX_ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so; with STUB=standalone, JAVA_OPTS and IO_THREADS
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
stub="${STUB:-launched}"
case "$stub" in
    launched) jar="$here/../../benchmarks.jar" ;;
    standalone) jar="$here/../target/stub-server.jar" ;;
    *) echo "compare-nginx: STUB must be launched or standalone, got '$stub'" >&2; exit 2 ;;
esac
if [ "$stub" = launched ] && [ -n "${JAVA_OPTS+set}${IO_THREADS+set}" ]; then
    echo "compare-nginx: JAVA_OPTS and IO_THREADS set a standalone stub (STUB=standalone); the launched one runs as the launcher starts it" >&2
    exit 2
fi
rounds="${ROUNDS:-3}"
if ! [[ $rounds =~ ^[1-9][0-9]*$ ]]; then
    echo "compare-nginx: ROUNDS must be a whole number of 1 or more, got '$rounds'" >&2
    exit 2
fi
# The goals: the stub's CPU per delayed request within this many times nginx's, its slowest answer within the delay + 20 ms.
goal_cpu=1.25
duration="${DURATION:-5s}"
connections="${CONNECTIONS:-100}"
io_threads="${IO_THREADS:-}"
lateness_connections="${LATENESS_CONNECTIONS:-1000}"
lateness_delay="${LATENESS_DELAY_MS:-100}"
lateness_duration="${LATENESS_DURATION:-10s}"
# The stub's delayed path is still being compiled long after its first seconds (C2 works through it
# for about half a minute at this load), and nginx has no JIT: warm up 3 x the measured duration.
case "$lateness_duration" in
    *[0-9]s) lateness_warmup="${LATENESS_WARMUP:-$(( ${lateness_duration%s} * 3 ))s}" ;;
    *) lateness_warmup="${LATENESS_WARMUP:-30s}" ;;
esac
if ! [[ $lateness_warmup =~ ^[1-9][0-9]*s?$ ]]; then
    echo "compare-nginx: the warm-up (LATENESS_WARMUP, by default 3 x LATENESS_DURATION) must be whole seconds, 1 or more (e.g. 30s), got '$lateness_warmup'" >&2
    exit 2
fi
# Every measured round is a new wrk that opens all its connections at once: the stub's accept and
# connection set-up run once a connection, 1000 times a round, where the request path runs 100,000
# times. One long warm-up run accepted 1000 connections in all and left that path to C1's code for
# the first round (a hundred answers 30-40 ms late: its slowest answer); runs of 2 s accept 15,000
# in a 30 s warm-up, past C2's compile thresholds.
warmup_run_s=2
warmup_runs=$(( (${lateness_warmup%s} + warmup_run_s - 1) / warmup_run_s ))
nginx_port="${NGINX_PORT:-18080}"
stub_port="${STUB_PORT:-18000}"
parts="${PARTS:-throughput delayed}"
echo_module="${NGINX_ECHO_MODULE:-/usr/lib/nginx/modules/ngx_http_echo_module.so}"
# What server/README.md recommends for the stub under load ("Running it under load"): the
# harness's heap, and ZGC, whose pauses stay under a few ms where G1's young pauses reach 50-100 ms.
java_opts="${JAVA_OPTS--Xms256m -Xmx1g -XX:+UseZGC}"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
missing=0
for tool in wrk nginx curl taskset "$java"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "compare-nginx: $tool not found on PATH" >&2
        missing=1
    fi
done
if [ "$missing" -ne 0 ]; then
    echo "compare-nginx: install them with: sudo apt-get install -y wrk nginx curl libnginx-mod-http-echo (and a JDK 21+)" >&2
    exit 1
fi
echo_missing=""
case " $parts " in
    *" delayed "*)
        if [ ! -f "$echo_module" ]; then
            echo_missing="nginx's echo module ($echo_module) is not installed: install it with: sudo apt-get install -y libnginx-mod-http-echo (or set NGINX_ECHO_MODULE)"
            echo "compare-nginx: $echo_missing; the delayed part measures the stub alone" >&2
        fi
        ;;
esac
java_major="$("$java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')"
if [ "${java_major:-0}" -lt 21 ]; then
    echo "compare-nginx: $java is Java ${java_major:-?}; the jar needs 21+ (set JAVA_HOME)" >&2
    exit 1
fi
if [ ! -f "$jar" ]; then
    echo "compare-nginx: $jar not found; build it from the repository root with: mvn -B -q package -DskipTests" >&2
    exit 1
fi
# wrk and each server need a descriptor per connection (each process has its own limit).
if [ "$(ulimit -n)" -lt $((lateness_connections + 100)) ]; then
    ulimit -n $((lateness_connections + 100)) 2>/dev/null || {
        echo "compare-nginx: ulimit -n is $(ulimit -n); $lateness_connections connections need $((lateness_connections + 100))" >&2
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

delay_s="$(awk -v ms="$lateness_delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
echo_marks='s/^\( *\)#echo#/\1/'
[ -n "$echo_missing" ] && echo_marks=""
sed "s#@PREFIX@#$scratch#g; s#@PORT@#$nginx_port#g; s#@DELAY_S@#$delay_s#g; s#@ECHO_MODULE@#$echo_module#g; $echo_marks" \
    "$here/nginx.conf.template" > "$scratch/nginx.conf"
nginx -p "$scratch" -c "$scratch/nginx.conf" &
nginx_pid=$!

if [ "$stub" = launched ]; then
    # The launcher's child server stops when the launcher ends; this one, when this script does.
    mapfile -t stub_command < <("$java" -jar "$jar" server-command --port "$stub_port" --parent-pid $$)
    [ "${#stub_command[@]}" -gt 0 ] || { echo "compare-nginx: $jar server-command printed no command" >&2; exit 1; }
    stub_settings="as the benchmark launcher starts it: ${stub_command[*]:1}"
else
    # shellcheck disable=SC2206
    stub_command=("$java" $java_opts -jar "$jar" --port "$stub_port" ${io_threads:+--io-threads "$io_threads"})
    stub_settings="standalone, --io-threads ${io_threads:-default}, JAVA_OPTS='$java_opts'"
fi
"${stub_command[@]}" > "$scratch/stub.out" 2> "$scratch/stub.err" &
stub_pid=$!
# up to 30 s: the launched stub touches its whole heap before it listens
for _ in $(seq 300); do
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

# clock ticks (user + system) of a JVM's threads by what they do: "io gc jit" (XNIO I/O threads;
# the collector's threads and the VM thread that runs its pauses; the JIT compilers)
jvm_thread_ticks() {
    local task
    for task in /proc/"$1"/task/*; do
        # comm may hold spaces: keep what follows its closing parenthesis
        sed 's/^[0-9]* (\(.*\)) [A-Za-z] /\1|/' "$task/stat" 2>/dev/null
    done | awk -F'|' '{ split($2, f, " "); t = f[11] + f[12]
        if ($1 ~ /^XNIO-[0-9]+ I\/O/) io += t; else if ($1 ~ /^(GC |G1 |VM Thread|Z[A-Z]|Shenandoah)/) gc += t; else if ($1 ~ /Compiler/) jit += t }
        END { print io + 0, gc + 0, jit + 0 }'
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
echo "stub server: $(sed -n 's/^listening on //p' "$scratch/stub.out"), $stub_settings"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
all_cpus="0-$(($(nproc) - 1))"

throughput() {
    echo
    echo "throughput: wrk -c$connections -d$duration; warming up the JIT..."
    wrk -t2 -c"$connections" -d5s "$query_url" >/dev/null
    wrk -t2 -c"$connections" -d5s "$path_url" >/dev/null
    wrk -t2 -c"$connections" -d2s "$nginx_url" >/dev/null

    local layouts="shared" layout round server_cpus wrk_cpus wrk_threads n nu ns q qu qs p pu ps
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
}

# wrk's latency (as printed: 101.23ms, 850.00us, 1.20s) in ms
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) printf "%.1f", v / 1000; else if (v ~ /ms$/) printf "%.1f", v + 0;
        else if (v ~ /m$/) printf "%.1f", v * 60000; else if (v ~ /s$/) printf "%.1f", v * 1000; else print "?" }'
}

# a number from the stub's /stats lateness_ms object
lateness() {
    sed -n "s/.*\"lateness_ms\":{[^}]*\"$1\":\([-0-9.E]*\).*/\1/p" <<< "$2"
}

# The stub's side of a delayed round, which its warm-up runs too: /stats requests, and the flip of the
# lateness recorder's phase that reading it makes, are branches the delayed path's compiled code never
# met in a warm-up of delayed requests alone; the first rounds after such a warm-up paid for them in
# deoptimizations and C2 recompiling the request path, the timer's and the recorder's code (JFR's
# jdk.Deoptimization and jdk.Compilation during the rounds), while 500 answers a wave were due.
stub_round_starts() {
    curl -sf -X POST "http://127.0.0.1:$stub_port/stats/reset" >/dev/null
}

# After a wrk run, waits until the stub has no request in flight (half a second, then up to 10 s more):
# the answers to a wrk run's last requests come when their delay ends, after wrk has closed its connections.
stub_round_ends() {
    sleep 0.5
    for _ in $(seq 100); do
        stub_stats | grep -q '"in_flight":0,' && return 0
        sleep 0.1
    done
}

stub_stats() {
    curl -sf "http://127.0.0.1:$stub_port/stats"
}

# delayed_round URL PID...: one wrk run of the delayed load; prints "req/s user_us sys_us p99_ms max_ms errors io_us gc_us jit_us"
# (the last three: the CPU per request of the stub's I/O threads, collector and JIT, when PID is the stub's)
delayed_round() {
    local url=$1 u0 s0 u1 s1 out requests rate p99 max errors io0=0 gc0=0 jit0=0 io1=0 gc1=0 jit1=0
    shift
    read -r u0 s0 < <(cpu_ticks "$@")
    [ "$1" = "$stub_pid" ] && read -r io0 gc0 jit0 < <(jvm_thread_ticks "$1")
    out="$(wrk -t2 -c"$lateness_connections" -d"$lateness_duration" --timeout 10s --latency "$url")"
    # The requests wrk left waiting are answered (into closed sockets) when due: counted in the CPU as well.
    if [ "$url" = "$delayed_stub_url" ]; then stub_round_ends; else sleep 0.5; fi
    read -r u1 s1 < <(cpu_ticks "$@")
    [ "$1" = "$stub_pid" ] && read -r io1 gc1 jit1 < <(jvm_thread_ticks "$1")
    requests="$(awk '/ requests in / { print $1 }' <<< "$out")"
    rate="$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")"
    p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<< "$out")")"
    max="$(to_ms "$(awk '$1 == "Latency" && NF >= 5 { print $4; exit }' <<< "$out")")"
    errors="$(awk '/Socket errors:/ { e = $4 + $6 + $8 + $10 } /Non-2xx/ { e += $NF } END { print e + 0 }' <<< "$out" | tr -d ,)"
    awk -v n="$requests" -v r="$rate" -v du=$((u1 - u0)) -v ds=$((s1 - s0)) -v hz="$(getconf CLK_TCK)" \
        -v p99="$p99" -v max="$max" -v e="$errors" -v io=$((io1 - io0)) -v gc=$((gc1 - gc0)) -v jit=$((jit1 - jit0)) \
        'BEGIN { f = 1e6 / hz / n; printf "%.0f %.2f %.2f %s %s %d %.1f %.1f %.1f\n", r, du * f, ds * f, p99, max, e, io * f, gc * f, jit * f }'
}

delayed() {
    local goal_max=$((lateness_delay + 20)) round r u s p99 max e io gc jit stats ratio nginx_cpu="" verdicts=""
    delayed_nginx_url="http://127.0.0.1:$nginx_port/sleep"
    delayed_stub_url="http://127.0.0.1:$stub_port/?delay=$lateness_delay"
    echo
    echo "delayed: wrk -t2 -c$lateness_connections -d$lateness_duration --latency, alternating:"
    if [ -n "$echo_missing" ]; then
        echo "  nginx: not measured: $echo_missing"
    else
        echo "  nginx: '$delayed_nginx_url' (echo_sleep $delay_s, then {\"msg\":\"ok\"})"
    fi
    echo "  stub:  '$delayed_stub_url'"
    echo "warming up the delayed path ($warmup_runs runs of ${warmup_run_s} s for the stub's JIT: requests and connections)..."
    [ -z "$echo_missing" ] && wrk -t2 -c"$lateness_connections" -d2s --timeout 10s "$delayed_nginx_url" >/dev/null
    for _ in $(seq "$warmup_runs"); do
        stub_round_starts
        wrk -t2 -c"$lateness_connections" -d"${warmup_run_s}s" --timeout 10s "$delayed_stub_url" >/dev/null
        stub_round_ends
        stub_stats >/dev/null
    done
    echo "CPU per request in µs (user + kernel; the stub's split by its threads: XNIO I/O / GC / JIT); latency p99 and max from wrk, ms;"
    echo "the stub's lateness (timer firing after the delay) from its /stats, ms"
    echo "goals: stub CPU per request ≤ $goal_cpu × nginx's in the same round; stub max ≤ $goal_max ms (delay + 20 ms)"
    printf '%-5s %-6s %8s %22s %9s %9s %7s %11s %11s %s\n' round server "req/s" "CPU/request" p99 max errors late-p99 late-max "I/O/GC/JIT; goals"
    for round in $(seq "$rounds"); do
        if [ -z "$echo_missing" ]; then
            # shellcheck disable=SC2046
            read -r r u s p99 max e _ < <(delayed_round "$delayed_nginx_url" $(nginx_pids))
            nginx_cpu="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')"
            printf '%-5s %-6s %8s %22s %9s %9s %7s %11s %11s\n' "$round" nginx "$r" \
                "$u + $s = $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')" "$p99" "$max" "$e" - -
        fi
        stub_round_starts
        read -r r u s p99 max e io gc jit < <(delayed_round "$delayed_stub_url" "$stub_pid")
        stats="$(stub_stats)"
        # The stub's CPU over nginx's in this round, judged here and over all rounds below; 0 without nginx.
        ratio="$(awk -v u="$u" -v s="$s" -v n="${nginx_cpu:-0}" 'BEGIN { printf "%.9f", (n > 0 ? (u + s) / n : 0) }')"
        verdicts+="$ratio $max"$'\n'
        printf '%-5s %-6s %8s %22s %9s %9s %7s %11s %11s %s\n' "$round" stub "$r" \
            "$u + $s = $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')" "$p99" "$max" "$e" \
            "$(lateness p99 "$stats")" "$(lateness max "$stats")" \
            "$io/$gc/$jit; $(awk -v r="$ratio" -v n="$nginx_cpu" -v max="$max" -v g="$goal_max" -v goal="$goal_cpu" 'BEGIN {
                c = n == "" ? "cpu ?" : sprintf("cpu %.2fx %s", r, r <= goal ? "met" : "NOT met");
                printf "%s, max %s", c, (max + 0 <= g ? "met" : "NOT met") }')"
    done
    echo "/stats: $stats"
    # One round is one draw of a shared machine: the goals are judged over all of them.
    awk -v goal="$goal_cpu" -v g="$goal_max" -v nginx="${echo_missing:+none}" '
        NF == 2 { ratio[++n] = $1; max[n] = $2; if ($1 <= goal) cpu_met++; if ($2 <= g) max_met++ }
        function median(a, k,   i, j, t, b) { for (i = 1; i <= k; i++) b[i] = a[i]
            for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
            lo = b[1]; hi = b[k]; return k % 2 ? b[(k + 1) / 2] : (b[k / 2] + b[k / 2 + 1]) / 2 }
        END {
            if (nginx == "none") cpu = "CPU not compared (no nginx)"
            else { m = median(ratio, n); cpu = sprintf("CPU %.2f x nginx'\''s at the median (%.2f-%.2f), within %s x in %d of %d", m, lo, hi, goal, cpu_met, n) }
            m = median(max, n)
            printf "goals over %d rounds: %s; slowest answer %.1f ms at the median (%.1f-%.1f), within %d ms in %d of %d\n",
                n, cpu, m, lo, hi, g, max_met, n }' <<< "$verdicts"
}

case " $parts " in *" throughput "*) throughput ;; esac
case " $parts " in *" delayed "*) delayed ;; esac
