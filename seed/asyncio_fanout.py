#!/usr/bin/python3
"""The article's own model as a row of the harness's results: asyncio + aiohttp fanning out N GETs.

    /usr/bin/python3 seed/asyncio_fanout.py URL N L_MS TIMEOUT_MS WARMUP_ITERATIONS WARMUP_MS ITERATIONS ITERATION_MS

Run by the launcher (java -jar benchmarks.jar) for the trials of the `asyncio` workload, against the same
server, with the same N, L and iterations as the Java trials: like a JMH iteration, an iteration runs one op
after another until its time is up (at least one op). One op is N concurrent GETs of URL/?delay=L_MS through
one ClientSession, joined with asyncio.gather; each response is checked as the Java harness checks it
(status 200, application/json, {"msg": "ok"}), so a server that answers fast with an error cannot pass for a
fast server.

aiohttp's defaults would skew a fan-out: its TCPConnector holds at most 100 connections (the other requests
wait for one) and drops an idle one after 15 s. The connector here has no limit and keeps idle connections
270 s, under the stub server's 5-minute idle timeout; the timeout of one request is the harness's. N
connections are opened before the first iteration (N requests held 200 ms at the server), so connection
set-up is not part of a measured op.

stdout, one JSON object a line: {"versions": ..., "warm_connections": k}; then for each measured op
{"iteration": i, "op_us": t, "request_us": [...], "failed": f, "first_failure": "..."}; then
{"cpu_ms": c, "threads": t, "rss_mb": r}, the process's CPU over the measured iterations, the most threads it
ran and its peak resident memory. It stops after the first op with a failed request, as a JMH trial does.
"""
import asyncio
import json
import os
import platform
import resource
import sys
import time

import aiohttp

WARM_UP_HOLD_MS = 200


class UnexpectedResponse(Exception):
    """A response that arrived but is not the one the endpoint promises."""


async def fetch(session, url):
    """One checked request; its latency in µs, send to checked response."""
    start = time.perf_counter_ns()
    async with session.get(url) as response:
        body = await response.read()
        if response.status != 200:
            raise UnexpectedResponse(f"HTTP {response.status} from {url}: {body[:200]!r}")
        if response.content_type != "application/json":
            raise UnexpectedResponse(f"Content-Type '{response.content_type}' from {url}, expected application/json")
        if json.loads(body).get("msg") != "ok":
            raise UnexpectedResponse(f"unexpected body from {url}: {body[:200]!r}")
    return (time.perf_counter_ns() - start) // 1000


async def fan_out(session, url, n):
    """One op: n requests at once, joined; its time in µs, each request's, and the failures."""
    start = time.perf_counter_ns()
    results = await asyncio.gather(*(fetch(session, url) for _ in range(n)), return_exceptions=True)
    op_us = (time.perf_counter_ns() - start) // 1000
    failures = [r for r in results if isinstance(r, BaseException)]
    return op_us, [r for r in results if not isinstance(r, BaseException)], failures


def idle_connections(connector):
    """The connections idle in the pool; aiohttp has no public count, so its private map, or None without it."""
    pooled = getattr(connector, "_conns", None)
    return None if pooled is None else sum(len(idle) for idle in pooled.values())


def threads():
    return len(os.listdir("/proc/self/task"))


async def main(base, n, latency_ms, timeout_ms, warmup_iterations, warmup_ms, iterations, iteration_ms):
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=0, keepalive_timeout=270)
    timeout = aiohttp.ClientTimeout(total=timeout_ms / 1000)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=False) as session:
        base = base.rstrip("/")
        _, _, failures = await fan_out(session, f"{base}/?delay={WARM_UP_HOLD_MS}", n)
        if failures:
            print(json.dumps({"set_up_failed": f"{type(failures[0]).__name__}: {failures[0]}"}), flush=True)
            return 1
        print(json.dumps({"versions": {"aiohttp": aiohttp.__version__, "python": platform.python_version()},
                          "warm_connections": idle_connections(connector)}), flush=True)
        url = f"{base}/?delay={latency_ms}"
        for _ in range(warmup_iterations):
            await iteration(session, url, n, warmup_ms, None)
        cpu_start, most_threads = time.process_time(), threads()
        for index in range(iterations):
            failed, ran_threads = await iteration(session, url, n, iteration_ms, index)
            most_threads = max(most_threads, ran_threads)
            if failed:
                break
        print(json.dumps({"cpu_ms": (time.process_time() - cpu_start) * 1000, "threads": most_threads,
                          "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
    return 0


async def iteration(session, url, n, iteration_ms, index):
    """Ops until the iteration's time is up, at least one; reports each when index (a measured iteration) is set."""
    deadline = time.perf_counter_ns() + iteration_ms * 1_000_000
    most_threads = threads()
    while True:
        op_us, request_us, failures = await fan_out(session, url, n)
        most_threads = max(most_threads, threads())
        if index is not None or failures:
            first = f"{type(failures[0]).__name__}: {failures[0]}" if failures else None
            print(json.dumps({"iteration": -1 if index is None else index, "op_us": op_us, "request_us": request_us,
                              "failed": len(failures), "first_failure": first}), flush=True)
        if failures:
            return True, most_threads
        if time.perf_counter_ns() >= deadline:
            return False, most_threads


if __name__ == "__main__":
    if len(sys.argv) != 9:
        sys.exit(__doc__)
    sys.exit(asyncio.run(main(sys.argv[1], *map(int, sys.argv[2:]))))
