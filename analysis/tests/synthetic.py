"""Results folders for the chart tests: the real fixture, and made-up rows added to a copy of it.

The fixture (fixtures/results) is a real run: OkHttp models and the asyncio reference at N = 10, 100, 1000.
The reference run will have more (other clients, pools = 100, CPU work, scenarios); the functions here add
such rows to a copy, built from the fixture's own rows, so that every chart is exercised on the shapes it
must draw without pretending they were measured. Values are written as summary.csv holds them: text.
"""

import json
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


# Service mode's sweeps, as the service profile runs them (L = 100 ms, rates of 10% to 150% of 1,000/s at N = 10
# and of 100/s at N = 100), each step as (rate, p99 ms, status, held), its CPU bound (rate_bound) per sweep, and
# whether the sweep finished (wrote its knee row). Made up to give every case a chart must draw: a knee below the
# top step, every step held (a knee of at least the top step), no step held (a failed first step, no times), a
# step short of its rate, a knee above its own CPU bound (INVALID) and a sweep cut off before its knee row.
SERVICE_SWEEPS = (
    ("platform_threads", "okhttp", 10, 400.0, True,
     ((100, 110.0, "OK", True), (250, 150.0, "OK", True), (500, 900.0, "OK", False))),
    ("virtual_threads", "okhttp", 10, 900.0, True,
     ((100, 105.0, "OK", True), (250, 112.0, "OK", True), (500, 120.0, "OK", True), (750, 160.0, "OK", True),
      (1000, 3565.6, "OK", False))),
    ("async", "okhttp", 10, 800.0, True, ((100, None, "FAIL", False),)),
    ("event_loop", "reactor_netty", 10, 2500.0, True,
     tuple((rate, 102.0 + rate / 50, "OK", True) for rate in (100, 250, 500, 750, 1000, 1250, 1500))),
    ("platform_threads", "okhttp", 100, 60.0, True, ((10, 130.0, "OK", True), (25, 150.0, "SHORT", False))),
    ("virtual_threads", "okhttp", 100, 20.0, True,
     ((10, 120.0, "OK", True), (25, 140.0, "OK", True), (50, 700.0, "OK", False))),
    ("async", "okhttp", 100, 90.0, False, ((10, 118.0, "OK", True), (25, 125.0, "OK", True))),
    ("event_loop", "reactor_netty", 100, 200.0, True,
     ((10, 110.0, "OK", True), (25, 112.0, "OK", True), (50, 118.0, "OK", True), (75, 150.0, "OK", True),
      (100, 2400.0, "OK", False))),
)


def service_step(blank, workload, client, n, rate, p99, status, held, rate_bound):
    """One service step's row as Java writes it: its times from the intended start (blank when it has none)."""
    times = {} if p99 is None else dict(mean_ms=f"{p99 * 0.8:.3f}", p50_ms=f"{p99 * 0.75:.3f}",
                                        p90_ms=f"{p99 * 0.9:.3f}", p99_ms=f"{p99:.3f}", p999_ms=f"{p99 * 1.1:.3f}",
                                        max_ms=f"{p99 * 1.2:.3f}", service_p50_ms=f"{p99 * 0.7:.3f}",
                                        service_p99_ms=f"{p99 * 0.9:.3f}", ratio_to_ideal=f"{p99 * 0.8 / 100:.4f}")
    return dict(blank, trial=f"{workload} {client} n={n} L=100 rate={rate}/s", benchmark="service",
                workload=workload, model=workload, client=client, pools="1", n=str(n), latency_ms="100.0", k="0",
                concurrency=str(n), cpu_us="0", rate=str(rate), arrivals="uniform", ideal_ms="100.0",
                response_limit_ms="200.0", rate_bound=str(rate_bound),
                achieved_rate=str(rate * (0.9 if status == "SHORT" else 1.0)),
                held="true" if held else "false", status=status, bound="latency",
                first_error="5 of 100 requests failed; first: timeout" if status == "FAIL" else "", **times)


def service_knee(steps):
    """A sweep's knee row as Java's SummaryRow.knee writes it: the last step that held before the first that did
    not, its figures, why the sweep ended and every step's p99; no knee and FAIL when no step held."""
    knee = ended = None
    for step in steps:
        if step["held"] == "true" and ended is None:
            knee = step
        elif ended is None:
            ended = step
    at = knee or steps[0]
    if ended is None:
        why = f"every step held, up to {at['rate']}/s: the knee is at least that"
    elif ended["status"] != "OK":
        why = f"at {ended['rate']}/s {ended['status']}: " + (ended["first_error"]
                                                              or f"achieved {ended['achieved_rate']}/s")
    else:
        why = f"at {ended['rate']}/s p99 {ended['p99_ms']} ms, over the 200.0 ms limit"
    status = "FAIL" if knee is None else "INVALID" if float(knee["rate"]) > float(knee["rate_bound"]) else "OK"
    curve = {step["rate"]: float(step["p99_ms"]) if step["p99_ms"] else None for step in steps}
    return dict(at, trial=at["trial"].rsplit(" rate=", 1)[0] + " knee", benchmark="knee",
                rate=knee["rate"] if knee else "", held="", status=status, first_error=why,
                details=json.dumps({"p99_ms_by_rate": curve}))


def add_service(directory):
    """Service mode's rows: the steps of SERVICE_SWEEPS and the knee row of each sweep that finished."""
    def rows(summary):
        blank = {column: "" for column in summary.columns}
        made = []
        for workload, client, n, rate_bound, finished, steps in SERVICE_SWEEPS:
            sweep = [service_step(blank, workload, client, n, *step, rate_bound) for step in steps]
            made += sweep + ([service_knee(sweep)] if finished else [])
        return made
    add_rows(directory, rows)


def add_everything(directory):
    """Every kind of row the reference run will have, and service mode's, added to the fixture."""
    for add in (add_clients, add_pools, add_cpu_work, add_scenarios, add_service):
        add(directory)


# The columns Java added to summary.csv with intervals (issue 21), by CSVW datatype, as its metadata declares them.
INTERVAL_FIGURES = ("mean_ms", "p50_ms", "p99_ms", "ratio_to_ideal", "client_cpu_us_per_request",
                    "server_cpu_us_per_request", "ratio_to_bound", "jit_cpu_ms_per_op")
NEW_COLUMNS = dict({"forks": "integer", "spread_over": "string", "draws": "integer", "interval_confidence": "double",
                    "latency_cpu_floor_ms": "double", "bound_ms": "double", "alloc_bytes_per_request": "double",
                    "jit_cpu_us_per_request": "double", "every_step_held": "boolean", "ended_at_rate": "integer",
                    "steal_percent": "double", "run_order": "integer"},
                   **{f"{figure}{end}": "double" for figure in INTERVAL_FIGURES for end in ("_lo", "_hi")})
# A trial that ran one draw: its intervals are blank.
ONE_DRAW = "fixed_pool okhttp n=100 L=100 k=64"
# The made-up factors of the intervals, so that a test can tell them apart from the figure and from each other.
LOW, HIGH = 0.9, 1.25


def declare_columns(directory, datatypes):
    """Adds columns to summary.csv-metadata.json, as Java declares every column it writes."""
    path = directory / "summary.csv-metadata.json"
    metadata = json.loads(path.read_text(encoding="utf-8"))
    declared = {column["name"] for column in metadata["tableSchema"]["columns"]}
    metadata["tableSchema"]["columns"] += [{"name": name, "datatype": datatype}
                                           for name, datatype in datatypes.items() if name not in declared]
    path.write_text(json.dumps(metadata, indent=2), encoding="utf-8")


def scaled(value, factor, digits=4):
    return f"{float(value) * factor:.{digits}f}" if value else ""


def with_intervals(summary):
    """summary.csv as a run with intervals writes it (apply after the other add_ functions): a closed-loop row gets
    its draws (3 forks at N = 10,000, else 5 iterations of its one fork; ONE_DRAW one, without intervals), each
    figure's interval (LOW and HIGH times it), the tightest bound (latency_cpu, 1.07 × the ideal, where the ideal was
    the bound at N = 100 of a trial 1.1 × its ideal or more, ratio_to_bound then its ratio over 1.07; otherwise the
    bound's own column) and the per-request columns, made 1.5 × what the
    per-op column over n gives, so that a chart that divides instead of reading them is caught. A knee row gets
    every_step_held and ended_at_rate as Java derives them, from the steps its details list, except the async N = 10
    sweep's ended_at_rate, made 90 so that it is told from a derivation. Service rows keep their intervals blank."""
    summary = summary.copy()
    for column in NEW_COLUMNS:
        summary[column] = ""
    closed = ~summary["benchmark"].isin(["service", "knee"])
    for index in summary.index[closed]:
        row = summary.loc[index]
        forks = row["n"] == "10000"
        one = row["trial"] == ONE_DRAW
        summary.loc[index, ["forks", "spread_over", "draws", "interval_confidence"]] = \
            ["3", "forks", "3", "0.75"] if forks else ["1", "iterations", "1" if one else "5", "" if one else "0.94"]
        if row["bound"] == "latency" and row["n"] == "100" and row["ratio_to_ideal"] \
                and float(row["ratio_to_ideal"]) >= 1.1:
            summary.loc[index, "bound"] = "latency_cpu"
            summary.loc[index, "latency_cpu_floor_ms"] = scaled(row["ideal_ms"], 1.07, 3)
            summary.loc[index, "ratio_to_bound"] = scaled(row["ratio_to_ideal"], 1 / 1.07)
        bound = {"cpu": row["cpu_floor_ms"], "latency_cpu": summary.loc[index, "latency_cpu_floor_ms"]}
        summary.loc[index, "bound_ms"] = bound.get(summary.loc[index, "bound"], row["ideal_ms"])
        for figure in INTERVAL_FIGURES:
            if figure in summary.columns and not one:
                summary.loc[index, f"{figure}_lo"] = scaled(summary.loc[index, figure], LOW)
                summary.loc[index, f"{figure}_hi"] = scaled(summary.loc[index, figure], HIGH)
        if row.get("alloc_bytes_per_op"):
            summary.loc[index, "alloc_bytes_per_request"] = scaled(row["alloc_bytes_per_op"], 1.5 / float(row["n"]))
        if row.get("jit_cpu_ms_per_op"):
            summary.loc[index, "jit_cpu_us_per_request"] = scaled(row["jit_cpu_ms_per_op"], 1500 / float(row["n"]))
    for index in summary.index[summary["benchmark"] == "knee"]:
        row = summary.loc[index]
        rates = sorted(int(rate) for rate in json.loads(row["details"])["p99_ms_by_rate"])
        knee = int(row["rate"]) if row["rate"] else None
        after = [rate for rate in rates if knee is None or rate > knee]
        summary.loc[index, "every_step_held"] = "false" if after else "true"
        summary.loc[index, "ended_at_rate"] = str(after[0]) if after else ""
        if row["trial"] == "async okhttp n=10 L=100 knee":
            summary.loc[index, "ended_at_rate"] = "90"
    return summary


def add_intervals(directory):
    """Makes the folder a run with intervals (with_intervals), its new columns declared in its metadata."""
    rewrite_summary(directory, with_intervals)
    declare_columns(directory, NEW_COLUMNS)
