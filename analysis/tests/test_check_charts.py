"""CI's chart check: passes on a drawn run, names the problem otherwise."""

import io
import json
import shutil
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from analysis import check_charts
from analysis.chartbook import CHARTS, ChartBook
from analysis.loading import load_results, read_summary
from analysis.tests.synthetic import RESULTS, add_scenarios


class CheckChartsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.drawn = tempfile.TemporaryDirectory()
        cls.results_dir = Path(cls.drawn.name) / "run"
        shutil.copytree(RESULTS, cls.results_dir)
        book = ChartBook(load_results(cls.results_dir))
        for name in CHARTS:
            book.draw(name)

    @classmethod
    def tearDownClass(cls):
        cls.drawn.cleanup()

    def copy(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        target = Path(directory.name) / "run"
        shutil.copytree(self.results_dir, target)
        return target

    def check(self, directory):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = check_charts.main(["check_charts.py", str(directory)])
        return code, out.getvalue() + err.getvalue()

    def test_a_drawn_run_passes(self):
        code, output = self.check(self.results_dir)
        self.assertEqual(code, 0, output)
        self.assertIn("5 charts written", output)

    def test_an_empty_png_fails(self):
        directory = self.copy()
        (directory / "charts/1_wall_time.png").write_bytes(b"")
        code, output = self.check(directory)
        self.assertEqual(code, 1)
        self.assertIn("1_wall_time.png: empty", output)

    def test_a_missing_svg_fails(self):
        directory = self.copy()
        (directory / "charts/2_ratio_heatmap.svg").unlink()
        code, output = self.check(directory)
        self.assertEqual(code, 1)
        self.assertIn("2_ratio_heatmap.svg: missing", output)

    def test_an_svg_that_does_not_parse_fails(self):
        directory = self.copy()
        (directory / "charts/3_latency_spectrum.svg").write_text("<svg><g></svg>")
        code, output = self.check(directory)
        self.assertEqual(code, 1)
        self.assertIn("3_latency_spectrum.svg: SVG does not parse", output)

    def test_a_missing_index_says_to_run_the_notebook(self):
        directory = self.copy()
        (directory / "charts/index.json").unlink()
        code, output = self.check(directory)
        self.assertEqual(code, 1)
        self.assertIn("index.json: is missing: was the notebook executed", output)

    def test_a_chart_the_data_calls_for_cannot_be_skipped(self):
        directory = self.copy()
        add_scenarios(directory)
        index_path = directory / "charts/index.json"
        index = json.loads(index_path.read_text())
        for name in ("6_footprint", "7_threads_and_cpu"):
            index["skipped"][name] = index["written"].pop(name)
        index_path.write_text(json.dumps(index))
        code, output = self.check(directory)
        self.assertEqual(code, 1)
        for name in ("4_article_table", "5_cpu_io_mix", "6_footprint", "7_threads_and_cpu"):
            self.assertIn(f"chart {name} was expected", output)

    def test_a_run_without_footprint_calls_for_neither_footprint_chart(self):
        summary = read_summary(self.results_dir / "summary.csv")
        blank = summary.assign(**{column: float("nan") for column in check_charts.FOOTPRINT_COLUMNS
                                  + check_charts.THREADS_AND_CPU_COLUMNS})
        self.assertEqual(sorted(check_charts.expected_charts(blank)),
                         ["1_wall_time", "2_ratio_heatmap", "3_latency_spectrum"])
        self.assertIn("7_threads_and_cpu", check_charts.expected_charts(
            blank.assign(server_cpu_us_per_request=[50.0] + [float("nan")] * (len(blank) - 1))))

    def test_a_trial_spread_over_pools_calls_for_the_pool_scan(self):
        summary = read_summary(self.results_dir / "summary.csv")
        self.assertNotIn("8_pool_scan", check_charts.expected_charts(summary))
        spread = summary.assign(pools=[1] * (len(summary) - 1) + [100])
        self.assertIn("8_pool_scan", check_charts.expected_charts(spread))

    def test_every_chart_must_be_accounted_for(self):
        directory = self.copy()
        index_path = directory / "charts/index.json"
        index = json.loads(index_path.read_text())
        del index["skipped"]["5_cpu_io_mix"]
        index_path.write_text(json.dumps(index))
        code, output = self.check(directory)
        self.assertEqual(code, 1)
        self.assertIn("chart 5_cpu_io_mix is neither written nor skipped", output)


if __name__ == "__main__":
    unittest.main()
