"""The findings table (charts/findings.md): a row per model and client, N = 1,000 and 10,000, each cell the mean and
its ratio to the tightest bound with their intervals, only for the closed loop's plainest model trials."""

import json
import unittest
from pathlib import Path

from analysis.chartbook import ChartBook
from analysis.findings import findings_markdown, findings_rows
from analysis.loading import load_results
from analysis.tests import synthetic
from analysis.tests.drawing import IntervalRuns
from analysis.tests.synthetic import copy_results, rewrite_summary

HEADER = "| model | client | N = 1,000 | N = 10,000 |"


def table(markdown):
    """The findings table's rows as lists of cells (the header and its rule left out)."""
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert rows[0] == HEADER, rows[:1]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


class FindingsTest(IntervalRuns):
    def test_a_row_per_model_and_client_that_ran_in_the_models_order_then_the_clients(self):
        rows = table(findings_markdown(self.with_intervals))
        self.assertEqual([row[:2] for row in rows], [
            ["platform_threads", "okhttp"], ["platform_threads", "jdk"], ["platform_threads", "reactor_netty"],
            ["virtual_threads", "okhttp"], ["virtual_threads", "jdk"], ["virtual_threads", "reactor_netty"],
            ["async", "okhttp"], ["async", "jdk"], ["async", "reactor_netty"], ["fixed_pool k=64", "okhttp"],
            ["asyncio (aiohttp)", "aiohttp"]])

    def test_a_cell_is_the_mean_and_the_ratio_to_the_bound_each_with_its_interval_and_a_bound_not_latency_named(self):
        rows = {tuple(row[:2]): row[2:] for row in table(findings_markdown(self.with_intervals))}
        self.assertEqual(rows["virtual_threads", "okhttp"],
                         ["216.4 ms [194.8–270.5]; × 1.56 [1.41–1.95] cpu",
                          "4,328 ms [3,896–5,410]; × 31.23 [28.10–39.03] cpu"])
        self.assertEqual(rows["platform_threads", "okhttp"][0], "820.1 ms [738.1–1,025.1]; × 1.55 [1.40–1.94] cpu")
        self.assertEqual(rows["fixed_pool k=64", "okhttp"][0], "1,657 ms [1,491–2,071]; × 1.04 [0.93–1.29]",
                         "the latency bound is not named")

    def test_a_trial_not_ok_says_so_and_a_combination_not_run_too(self):
        rows = {tuple(row[:2]): row[2:] for row in table(findings_markdown(self.with_intervals))}
        self.assertEqual(rows["async", "jdk"], ["**FAIL**", "not run"])
        self.assertEqual(rows["platform_threads", "okhttp"][1], "not run", "its N = 10,000 ran with pools = 100 only")

    def test_only_the_closed_loops_model_trials_with_one_pool_and_no_cpu_work(self):
        directory = copy_results(self)
        synthetic.add_everything(directory)
        # A service step at N = 1,000 of a model no closed-loop trial has: it must not make a row.
        rewrite_summary(directory, lambda s: s.assign(n=s["n"].where(
            s["trial"] != "event_loop reactor_netty n=10 L=100 rate=100/s", "1000")))
        results = load_results(directory)
        rows = findings_rows(results.summary)
        self.assertEqual(set(rows["pools"]), {1})
        self.assertEqual(set(rows["cpu_us"]), {0})
        self.assertEqual(set(rows["benchmark"]), {"fetch_n"})
        self.assertNotIn("event_loop", [row[0] for row in table(findings_markdown(results))])

    def test_the_header_says_how_sure_the_intervals_are_at_each_n(self):
        self.assertIn("Intervals hold the median of each figure with N = 1,000: confidence 0.94 over iterations "
                      "(5 draws); N = 10,000: confidence 0.75 over forks (3 draws).",
                      findings_markdown(self.with_intervals))

    def test_a_run_without_intervals_has_its_figures_without_brackets(self):
        markdown = findings_markdown(self.fixture)
        self.assertIn("N = 1,000: none (one draw, or a run written before summary.csv had them)", markdown)
        rows = {tuple(row[:2]): row[2:] for row in table(markdown)}
        self.assertEqual(rows["virtual_threads", "okhttp"], ["216.4 ms; × 1.56 cpu", "not run"])

    def test_a_run_without_such_trials_says_so(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s[s["n"] != "1000"])
        markdown = findings_markdown(load_results(directory))
        self.assertIn("No such trial at N = 1,000 or 10,000 in this run.", markdown)
        self.assertNotIn(HEADER, markdown)

    def test_the_chart_book_writes_it_beside_the_charts_and_lists_it(self):
        directory = copy_results(self)
        synthetic.add_intervals(directory)
        book = ChartBook(load_results(directory))
        path = book.write_findings()
        self.assertEqual(path, directory / "charts" / "findings.md")
        self.assertIn(HEADER, path.read_text(encoding="utf-8"))
        index = json.loads((directory / "charts" / "index.json").read_text())
        self.assertEqual(index["findings"], "findings.md")


class ReadmeFindingsTest(unittest.TestCase):
    """The README's findings table is the committed reference run's, as findings.md draws it: its figures are copied,
    never typed, so that a regenerated reference run cannot leave the README behind."""

    def test_the_readmes_table_is_the_reference_runs(self):
        root = Path(__file__).resolve().parents[2]
        readme = (root / "README.md").read_text(encoding="utf-8")
        lines = readme[readme.index("## What we found"):].splitlines()
        start = lines.index(HEADER)
        end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
        self.assertEqual(table("\n".join(lines[start:end])),
                         table(findings_markdown(load_results(root / "results" / "reference"))))


if __name__ == "__main__":
    unittest.main()
