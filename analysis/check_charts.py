"""CI's check that the notebook drew every chart the run's data calls for.

Usage: python3 analysis/check_charts.py RESULTS_DIR

It decides from summary.csv alone which charts must exist (independently of the drawing code, so that a
chart wrongly skipped is caught), then checks charts/index.json, and that every written PNG is a non-empty
PNG and every SVG parses as SVG. Exit 0 when all is well; 1 with one line a problem otherwise.
"""

import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.chartbook import CHARTS  # noqa: E402
from analysis.errors import ResultsError  # noqa: E402
from analysis.loading import read_json, read_summary  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
# The columns that call for a chart, written out here rather than taken from the drawing code, so that a
# chart the drawing code skips by mistake is caught.
FOOTPRINT_COLUMNS = ("peak_rss_mb", "peak_rss_beyond_heap_mb", "alloc_bytes_per_op", "alloc_bytes_per_request", "jit_cpu_ms_per_op",
                     "jit_cpu_us_per_request", "pinned_events")
THREADS_AND_CPU_COLUMNS = ("peak_threads", "client_cpu_us_per_request", "server_cpu_us_per_request")


def has_values(rows, columns):
    """Whether any of the columns is present with a value in rows."""
    return any(column in rows.columns and rows[column].notna().any() for column in columns)


def expected_charts(summary):
    """The charts this run's rows call for: name -> why. Service mode's rows (benchmark service: a step of a
    sweep, knee: a sweep's knee) call for charts 9 and 10 and for none of the closed loop's."""
    expected = {}
    open_loop = summary[summary["benchmark"].isin(("service", "knee"))]
    summary = summary[~summary["benchmark"].isin(("service", "knee"))]
    fan_out = summary[summary["benchmark"] == "fetch_n"]
    if not fan_out.empty:
        for name in ("1_wall_time", "2_ratio_heatmap", "3_latency_spectrum"):
            expected[name] = "summary.csv has fetch_n rows"
        if has_values(fan_out, FOOTPRINT_COLUMNS):
            expected["6_footprint"] = "summary.csv has footprint columns with values"
        if has_values(fan_out, THREADS_AND_CPU_COLUMNS):
            expected["7_threads_and_cpu"] = "summary.csv has thread or CPU-per-request columns with values"
        if (fan_out["pools"] > 1).any():
            expected["8_pool_scan"] = "summary.csv has fetch_n rows with pools > 1"
    if "article_s" in summary.columns and summary["article_s"].notna().any():
        expected["4_article_table"] = "summary.csv has rows at the article's setting (article_s)"
    if (summary["benchmark"] == "cpu_io_mix").any():
        expected["5_cpu_io_mix"] = "summary.csv has cpu_io_mix rows"
    if (open_loop["benchmark"] == "service").any():
        expected["9_service_response"] = "summary.csv has service rows"
    if not open_loop.empty:
        expected["10_service_knee"] = "summary.csv has service or knee rows"
    return expected


def file_problem(path):
    """What is wrong with one chart file, or None."""
    if not path.is_file():
        return f"{path}: missing"
    if path.stat().st_size == 0:
        return f"{path}: empty"
    if path.suffix == ".png" and not path.read_bytes().startswith(PNG_SIGNATURE):
        return f"{path}: not a PNG"
    if path.suffix == ".svg":
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as error:
            return f"{path}: SVG does not parse ({error})"
        if root.tag != SVG_ROOT:
            return f"{path}: root element is {root.tag}, not svg"
    return None


def read_index(charts_dir):
    path = charts_dir / "index.json"
    if not path.is_file():
        raise ResultsError(path, "is missing: was the notebook executed on this folder?")
    index = read_json(path, dict)
    if not isinstance(index.get("written"), dict) \
            or not isinstance(index.get("skipped"), dict):
        raise ResultsError(path, "should hold an object with 'written' and 'skipped' objects")
    return index


def problems(results_dir):
    """Every problem with the charts of results_dir, as lines for a person."""
    results_dir = Path(results_dir)
    charts_dir = results_dir / "charts"
    index = read_index(charts_dir)
    written, skipped = index["written"], index["skipped"]
    found = []
    for name in CHARTS:
        if name not in written and name not in skipped:
            found.append(f"{charts_dir / 'index.json'}: chart {name} is neither written nor skipped")
    for name, why in expected_charts(read_summary(results_dir / "summary.csv")).items():
        if name not in written:
            found.append(f"chart {name} was expected ({why}) but skipped: {skipped.get(name, 'no reason')}")
    for name, files in written.items():
        if sorted(Path(file).suffix for file in files) != [".png", ".svg"]:
            found.append(f"chart {name}: index lists {files}, expected one .png and one .svg")
        found.extend(problem for problem in (file_problem(charts_dir / file) for file in files) if problem)
    return found, index


def main(argv):
    if len(argv) != 2:
        print("usage: python3 analysis/check_charts.py RESULTS_DIR", file=sys.stderr)
        return 2
    try:
        found, index = problems(argv[1])
    except ResultsError as error:
        print(f"check_charts: {error}", file=sys.stderr)
        return 1
    if found:
        for problem in found:
            print(f"check_charts: {problem}", file=sys.stderr)
        return 1
    print(f"check_charts: {len(index['written'])} charts written ({', '.join(index['written'])}), "
          f"{len(index['skipped'])} skipped")
    for name, why in index["skipped"].items():
        print(f"  {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
