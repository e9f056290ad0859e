"""Results folders for the chart tests: the real fixture, and made-up rows added to a copy of it.

The fixture (fixtures/results) is a real run: OkHttp models and the asyncio reference at N = 10, 100, 1000.
The reference run will have more (other clients, pools = 100, CPU work, scenarios); the functions here add
such rows to a copy, built from the fixture's own rows, so that every chart is exercised on the shapes it
must draw without pretending they were measured. Values are written as summary.csv holds them: text.
"""

import shutil
import tempfile
from pathlib import Path

import pandas as pd

RESULTS = Path(__file__).parent / "fixtures" / "results"
TIMES = ("mean_ms", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "request_p50_ms", "request_p90_ms",
         "request_p99_ms", "request_p999_ms", "request_max_ms", "ratio_to_ideal", "ratio_to_bound")


def copy_results(test):
    """A writable copy of the fixture results folder, removed after the test."""
    directory = tempfile.TemporaryDirectory()
    test.addCleanup(directory.cleanup)
    target = Path(directory.name) / "run"
    shutil.copytree(RESULTS, target)
    return target


def rewrite_summary(directory, change):
    """Applies change(DataFrame of text) -> DataFrame to summary.csv, keeping blanks blank."""
    path = directory / "summary.csv"
    summary = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(summary).to_csv(path, index=False)


def summary_frame(**columns):
    """A summary.csv-like frame of fetch_n rows with defaults for the columns a test does not care about."""
    count = len(next(iter(columns.values())))
    model = columns.get("model", ["platform_threads"] * count)
    base = {"benchmark": ["fetch_n"] * count, "workload": model, "model": model, "client": ["okhttp"] * count,
            "pools": [1] * count, "latency_ms": [100.0] * count, "k": [0] * count, "cpu_us": [0.0] * count,
            "status": ["OK"] * count}
    base.update(columns)
    return pd.DataFrame(base)


def variant_of(summary, trial, scale=1.0, **changes):
    """A copy of the row named trial, its times scaled by scale (ratios too: the ideal stays) and the given
    columns changed; the trial text is rewritten from client, pools, n and cpu_us as Java words it."""
    row = summary[summary["trial"] == trial].iloc[0].to_dict()
    for column in TIMES:
        if row[column]:
            row[column] = f"{float(row[column]) * scale:.4f}"
    row.update({column: str(value) for column, value in changes.items()})
    words = [row["workload"], row["client"]]
    if row["pools"] != "1":
        words.append(f"pools={row['pools']}")
    words += [f"n={row['n']}", "L=100"]
    if row["k"] != "0":
        words.append(f"k={row['k']}")
    if row["cpu_us"] != "0":
        words.append(f"cpu={row['cpu_us']}us")
    row["trial"] = " ".join(words)
    return row


def failed(row, status="FAIL"):
    """A row turned into a trial without a result: no times, no ratios, no histograms."""
    row = dict(row)
    for column in TIMES + ("hdr",):
        row[column] = ""
    row.update(status=status, errors="5", first_error="5 of 1000 requests failed; first: timeout")
    return row


def add_rows(directory, make_rows):
    """Appends the rows make_rows(summary) returns to summary.csv."""
    rewrite_summary(directory, lambda summary: pd.concat([summary, pd.DataFrame(make_rows(summary))],
                                                         ignore_index=True))


def add_clients(directory):
    """virtual_threads, async and platform_threads with jdk and reactor_netty at N = 100 and 1000 (their
    histograms are OkHttp's, by the stem in hdr), and async with jdk at N = 1000 failed."""
    def rows(summary):
        made = []
        for client, scale in (("jdk", 1.3), ("reactor_netty", 0.97)):
            for model in ("platform_threads", "virtual_threads", "async"):
                for n in (100, 1000):
                    source = f"{model} okhttp n={n} L=100"
                    if n == 100 and model == "virtual_threads":
                        source = "virtual_threads okhttp n=10 L=100"  # the fixture's N = 100 one failed
                    row = variant_of(summary, source, scale, client=client, n=n)
                    made.append(failed(row) if (client, model, n) == ("jdk", "async", 1000) else row)
        return made
    add_rows(directory, rows)


def add_pools(directory):
    """N = 10,000 trials with pools = 1 and pools = 100: virtual_threads with okhttp and jdk, platform_threads
    with okhttp at pools = 100 only (its pools = 1 was not run), async with okhttp at pools = 100 failed, and
    the asyncio reference at N = 10,000."""
    def rows(summary):
        made = []
        for client, model, pools, scale in (("okhttp", "virtual_threads", 1, 20.0),
                                            ("okhttp", "virtual_threads", 100, 4.0),
                                            ("jdk", "virtual_threads", 1, 12.0),
                                            ("jdk", "virtual_threads", 100, 5.0),
                                            ("okhttp", "platform_threads", 100, 3.0)):
            made.append(variant_of(summary, f"{model} okhttp n=1000 L=100", scale, client=client, pools=pools,
                                   n=10000, cpu_floor_ms="900.0", bound="cpu"))
        made.append(failed(variant_of(summary, "async okhttp n=1000 L=100", pools=100, n=10000)))
        made.append(variant_of(summary, "asyncio aiohttp n=1000 L=100", 6.0, n=10000, cpu_floor_ms="1500.0"))
        return made
    add_rows(directory, rows)


def add_cpu_work(directory):
    """virtual_threads and fixed_pool k=64 with 200 µs of CPU per response at N = 1000, bound by the CPU."""
    def rows(summary):
        return [variant_of(summary, "virtual_threads okhttp n=1000 L=100", 2.5, cpu_us=200, cpu_floor_ms="350.0",
                           bound="cpu"),
                variant_of(summary, "fixed_pool okhttp n=1000 L=100 k=64", 1.1, cpu_us=200)]
    add_rows(directory, rows)


def add_scenarios(directory):
    """Adds rows of the article's scripts at its setting and of cpu_io_mix."""
    def rows(summary):
        blank = {column: "" for column in summary.columns}
        common = dict(blank, client="okhttp", pools="1", k="0", cpu_us="0", bound="latency")
        return [dict(common, trial="gather okhttp n=3 L=1000", benchmark="gather", workload="gather", model="-",
                     n="3", latency_ms="1000", concurrency="3", mean_ms="1012.5", ideal_ms="1000",
                     ratio_to_ideal="1.0125", status="OK", article_s="1.01"),
                dict(common, trial="sequential okhttp n=3 L=1000", benchmark="fetch_n", workload="sequential",
                     model="sequential", n="3", latency_ms="1000", concurrency="1", ideal_ms="3000", status="FAIL",
                     article_s="3.01"),
                dict(common, trial="cpu_io_mix all_virtual okhttp n=10 L=100", benchmark="cpu_io_mix",
                     workload="cpu_io_mix", model="all_virtual", n="10", latency_ms="100", concurrency="10",
                     mean_ms="150", ideal_ms="100", ratio_to_ideal="1.5", p50_ms="150", p99_ms="160", status="FAIL"),
                dict(common, trial="cpu_io_mix io_pool_cpu_pool okhttp n=10 L=100", benchmark="cpu_io_mix",
                     workload="cpu_io_mix", model="io_pool_cpu_pool", n="10", latency_ms="100", concurrency="10",
                     mean_ms="120", ideal_ms="100", ratio_to_ideal="1.2", p50_ms="500", p99_ms="900",
                     request_p50_ms="101", request_p90_ms="110", request_p99_ms="180", request_p999_ms="190",
                     request_max_ms="200", status="OK")]
    add_rows(directory, rows)


def add_everything(directory):
    """Every kind of row the reference run will have, added to the fixture."""
    for add in (add_clients, add_pools, add_cpu_work, add_scenarios):
        add(directory)
