"""Service mode (the open loop): its rows never reach the closed-loop charts and tables, charts 9 and 10 draw them,
and CI's check calls for those two exactly when a run has them.

The rows are synthetic.SERVICE_SWEEPS, added to the fixture beside every closed-loop kind of row: sweeps at N = 10 and
100 through okhttp and reactor_netty with a knee below the top step, every step held, no step held, a step short of
its rate, a knee above its CPU bound (INVALID) and a sweep cut off before its knee row.
"""

import io
import json
import math
import shutil
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from matplotlib.colors import to_hex

from analysis import check_charts
from analysis import style
from analysis.chartbook import CHARTS, PLOTS, ChartBook, save_chart
from analysis.charts_service import plot_service_knee, plot_service_response
from analysis.errors import ResultsError
from analysis.figures import ChartSkipped
from analysis.loading import closed_loop, load_results
from analysis.tables import fan_out_table, knee_table
from analysis.tests import synthetic
from analysis.tests.synthetic import copy_results, rewrite_summary

CLOSED_LOOP_CHARTS = ("1_wall_time", "2_ratio_heatmap", "3_latency_spectrum", "4_article_table", "5_cpu_io_mix",
                      "6_footprint", "7_threads_and_cpu", "8_pool_scan")
SERVICE_CHARTS = ("9_service_response", "10_service_knee")


def add_closed_loop(directory):
    """Every closed-loop kind of row synthetic.add_everything adds, and no service row."""
    for add in (synthetic.add_clients, synthetic.add_pools, synthetic.add_cpu_work, synthetic.add_scenarios):
        add(directory)


def only_open_loop(summary):
    return summary[summary["benchmark"].isin(["service", "knee"])]


def panel(fig, title):
    found = [ax for ax in fig.axes if ax.get_visible() and ax.get_title() == title]
    assert len(found) == 1, [ax.get_title() for ax in fig.axes]
    return found[0]


def lines(ax):
    return {line.get_label(): line for line in ax.get_lines()}


def bars(ax):
    return {patch.get_label(): patch for patch in ax.patches}


def texts(ax):
    return [text.get_text() for text in ax.texts]


def fingerprint(fig):
    """What a figure draws, without rendering it: every panel's titles, limits and scales, its lines' data, its
    bars, its texts, its images' cells, its tick and legend labels. A row that leaks into a chart changes it."""
    found = [fig.get_suptitle() if hasattr(fig, "get_suptitle") else fig._suptitle.get_text(),
             [text.get_text() for text in fig.texts]]
    for ax in fig.axes:
        found.append((ax.get_visible(), ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_xscale(),
                      ax.get_yscale(), ax.get_xlim(), ax.get_ylim()))
        found += [(line.get_label(), repr(list(line.get_xdata())), repr(list(line.get_ydata())), line.get_color(),
                   line.get_linestyle(), line.get_marker()) for line in ax.get_lines()]
        found += [(patch.get_label(), type(patch).__name__, repr(patch.get_path().vertices.tolist()),
                   repr(patch.get_patch_transform().get_matrix().tolist()), to_hex(patch.get_facecolor()),
                   patch.get_hatch()) for patch in ax.patches]
        found += [(text.get_text(), repr(text.get_position())) for text in ax.texts]
        found += [repr(image.get_array().filled(math.nan).tolist()) for image in ax.images]
        found += [label.get_text() for label in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            found += [text.get_text() for text in legend.get_texts()]
    return found


class ServiceRuns(unittest.TestCase):
    """Three folders: the closed loop only, the same with service mode's rows, and service mode's rows only."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        root = Path(cls.scratch.name)
        cls.closed_dir, cls.with_service_dir, cls.service_dir = root / "closed", root / "with", root / "service"
        for directory in (cls.closed_dir, cls.with_service_dir, cls.service_dir):
            shutil.copytree(synthetic.RESULTS, directory)
        add_closed_loop(cls.closed_dir)
        synthetic.add_everything(cls.with_service_dir)
        synthetic.add_service(cls.service_dir)
        rewrite_summary(cls.service_dir, only_open_loop)
        cls.closed = load_results(cls.closed_dir)
        cls.with_service = load_results(cls.with_service_dir)
        cls.service = load_results(cls.service_dir)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()


class LoadingTest(ServiceRuns):
    def test_service_columns_are_numbers_and_held_is_javas_boolean(self):
        summary = self.with_service.summary.set_index("trial")
        self.assertEqual(summary.loc["virtual_threads okhttp n=10 L=100 rate=750/s", "rate"], 750)
        self.assertEqual(summary.loc["virtual_threads okhttp n=10 L=100 rate=750/s", "rate_bound"], 900.0)
        self.assertIs(bool(summary.loc["virtual_threads okhttp n=10 L=100 rate=750/s", "held"]), True)
        self.assertIs(bool(summary.loc["virtual_threads okhttp n=10 L=100 rate=1000/s", "held"]), False)
        self.assertTrue(summary["held"][summary["benchmark"] == "fetch_n"].isna().all(), "blank on closed rows")
        self.assertTrue(math.isnan(summary.loc["async okhttp n=10 L=100 knee", "rate"]), "no knee: blank")

    def test_a_held_that_is_not_a_boolean_names_row_and_column(self):
        directory = copy_results(self)
        synthetic.add_service(directory)
        rewrite_summary(directory, lambda s: s.assign(held=s["held"].where(s["held"] != "false", "maybe")))
        with self.assertRaises(ResultsError) as raised:
            load_results(directory)
        self.assertIn("column held: 'maybe' is neither true nor false", str(raised.exception))


class ClosedLoopIgnoresServiceTest(ServiceRuns):
    def test_the_trials_table_has_no_service_or_knee_row(self):
        with_service = fan_out_table(self.with_service.summary)
        self.assertEqual(set(with_service["benchmark"]), {"fetch_n"})
        self.assertEqual(list(with_service["trial"]), list(fan_out_table(self.closed.summary)["trial"]))
        self.assertTrue(fan_out_table(self.service.summary).empty)
        self.assertEqual(set(closed_loop(self.with_service.summary)["benchmark"]),
                         set(self.closed.summary["benchmark"]))

    def test_every_closed_loop_chart_draws_the_same_with_service_rows_added(self):
        # One service step even claims an article figure: it is still no row of the article's table.
        directory = copy_results(self)
        synthetic.add_everything(directory)
        rewrite_summary(directory, lambda s: s.assign(article_s=s["article_s"].where(
            s["trial"] != "virtual_threads okhttp n=10 L=100 rate=100/s", "1.5")))
        with_service = load_results(directory)
        for name in CLOSED_LOOP_CHARTS:
            self.assertEqual(fingerprint(PLOTS[name](with_service)), fingerprint(PLOTS[name](self.closed)),
                             f"{name} changed when service rows were added")
        # The cheap ones as files too, byte for byte.
        for name in ("4_article_table", "5_cpu_io_mix"):
            without = save_chart(PLOTS[name](self.closed), directory / "without", name)[1].read_bytes()
            drawn = save_chart(PLOTS[name](with_service), directory / "with", name)[1].read_bytes()
            self.assertEqual(drawn, without, name)

    def test_a_service_only_run_skips_every_closed_loop_chart_with_its_reason(self):
        for name in CLOSED_LOOP_CHARTS:
            with self.assertRaises(ChartSkipped, msg=name) as skipped:
                PLOTS[name](self.service)
            self.assertTrue(str(skipped.exception).startswith("skipped: "), name)


class ServiceResponseTest(ServiceRuns):
    def setUp(self):
        self.fig = plot_service_response(self.with_service)
        self.n10 = panel(self.fig, "N = 10 · L = 100 ms")
        self.n100 = panel(self.fig, "N = 100 · L = 100 ms")

    def test_says_response_time_is_from_the_intended_start_on_a_log_axis(self):
        self.assertIn("intended start", self.fig._suptitle.get_text())
        for ax in (self.n10, self.n100):
            self.assertEqual(ax.get_yscale(), "log")
            self.assertIn("offered rate (fan-outs/s)", ax.get_xlabel())
        self.assertIn("intended start", self.n10.get_ylabel())

    def test_p99_solid_and_p50_dashed_as_java_wrote_them_per_model_and_client(self):
        drawn = lines(self.n10)
        p99, p50 = drawn["virtual_threads · okhttp: p99"], drawn["virtual_threads · okhttp: p50"]
        self.assertEqual(list(p99.get_xdata()), [100, 250, 500, 750, 1000])
        self.assertEqual(list(p99.get_ydata()), [105.0, 112.0, 120.0, 160.0, 3565.6])
        self.assertEqual(list(p50.get_ydata()), [78.75, 84.0, 90.0, 120.0, 2674.2])
        self.assertEqual(p99.get_linestyle(), "-")
        self.assertEqual(p50.get_linestyle(), "--")
        self.assertEqual(to_hex(p99.get_color()), to_hex(style.model_color("virtual_threads")))
        self.assertEqual(drawn["event_loop · reactor_netty: p99"].get_marker(), "D")
        self.assertEqual(p99.get_marker(), "o")
        self.assertEqual(list(drawn["platform_threads · okhttp: p99"].get_xdata()), [100, 250, 500],
                         "a panel holds its own N's steps only")
        self.assertEqual(list(lines(self.n100)["virtual_threads · okhttp: p99"].get_xdata()), [10, 25, 50])

    def test_the_limit_and_the_ideal_are_javas_and_steps_that_did_not_hold_are_ringed(self):
        drawn = lines(self.n10)
        self.assertEqual(list(drawn["limit 200 ms"].get_ydata()), [200.0, 200.0])
        self.assertEqual(list(drawn["ideal 100 ms"].get_ydata()), [100.0, 100.0])
        rings = sorted(label for label in drawn if "did not hold" in label)
        self.assertEqual(rings, ["platform_threads · okhttp: did not hold at 500/s",
                                 "virtual_threads · okhttp: did not hold at 1,000/s"])
        self.assertEqual(list(drawn["virtual_threads · okhttp: did not hold at 1,000/s"].get_ydata()), [3565.6])

    def test_a_step_not_ok_is_an_x_with_its_status_at_its_time_or_at_the_top(self):
        failed = lines(self.n10)["async · okhttp: FAIL at 100/s"]
        self.assertEqual(failed.get_marker(), "x")
        self.assertEqual(list(failed.get_ydata()), [0.95], "no time: at the top of the panel")
        self.assertIn("FAIL", texts(self.n10))
        short = lines(self.n100)["platform_threads · okhttp: SHORT at 25/s"]
        self.assertEqual(list(short.get_ydata()), [150.0])
        self.assertIn("SHORT", texts(self.n100))
        p99 = lines(self.n100)["platform_threads · okhttp: p99"].get_ydata()
        self.assertTrue(math.isnan(p99[1]), "the line breaks at the step that is not OK")

    def test_skipped_without_service_rows(self):
        with self.assertRaises(ChartSkipped) as skipped:
            plot_service_response(self.closed)
        self.assertIn("no service-mode rows", str(skipped.exception))


class ServiceKneeTest(ServiceRuns):
    def setUp(self):
        self.fig = plot_service_knee(self.with_service)
        self.n10 = panel(self.fig, "N = 10 · L = 100 ms")
        self.n100 = panel(self.fig, "N = 100 · L = 100 ms")

    def test_a_bar_per_model_and_client_at_javas_knee_with_its_cpu_bound_beside_it(self):
        drawn = bars(self.n10)
        knee = drawn["virtual_threads okhttp n=10 L=100 knee"]
        self.assertEqual(knee.get_height(), 750)
        self.assertEqual(to_hex(knee.get_facecolor()), to_hex(style.model_color("virtual_threads")))
        self.assertEqual(drawn["virtual_threads okhttp n=10 L=100 knee: rate_bound"].get_height(), 900.0)
        self.assertEqual(drawn["platform_threads okhttp n=10 L=100 knee"].get_height(), 250)
        self.assertEqual([label.get_text() for label in self.n10.get_xticklabels()],
                         ["platform_threads · okhttp", "virtual_threads · okhttp", "async · okhttp",
                          "event_loop · reactor_netty"])
        self.assertIn("750/s", texts(self.n10))

    def test_every_step_held_is_at_least_the_top_step_and_no_step_held_is_no_bar(self):
        self.assertIn("≥ 1,500/s", texts(self.n10))
        self.assertIn("none held at 100/s", texts(self.n10))
        self.assertNotIn("async okhttp n=10 L=100 knee", bars(self.n10), "no zero bar")
        self.assertIn("async okhttp n=10 L=100 knee: rate_bound", bars(self.n10))

    def test_a_knee_not_ok_is_hatched_with_its_status_and_an_unfinished_sweep_says_so(self):
        invalid = bars(self.n100)["virtual_threads okhttp n=100 L=100 knee"]
        self.assertEqual(invalid.get_hatch(), "///")
        self.assertIn("25/s INVALID", texts(self.n100))
        self.assertIn("no knee row:\nsweep unfinished", texts(self.n100))
        self.assertIn("async · okhttp", [label.get_text() for label in self.n100.get_xticklabels()])

    def test_the_knee_table_reads_the_sweeps_steps_from_javas_details(self):
        knees = knee_table(self.with_service.summary).set_index("trial")
        self.assertEqual(len(knees), 7, "one per finished sweep")
        self.assertTrue(knees.loc["event_loop reactor_netty n=10 L=100 knee", "every_step_held"])
        self.assertTrue(math.isnan(knees.loc["event_loop reactor_netty n=10 L=100 knee", "ended_at"]))
        self.assertFalse(knees.loc["virtual_threads okhttp n=10 L=100 knee", "every_step_held"])
        self.assertEqual(knees.loc["virtual_threads okhttp n=10 L=100 knee", "ended_at"], 1000)
        self.assertEqual(knees.loc["async okhttp n=10 L=100 knee", "ended_at"], 100)
        self.assertEqual(knees.loc["virtual_threads okhttp n=10 L=100 knee", "first_error"],
                         "at 1000/s p99 3565.600 ms, over the 200.0 ms limit")
        self.assertTrue(knee_table(self.closed.summary).empty)

    def test_skipped_without_service_rows(self):
        with self.assertRaises(ChartSkipped) as skipped:
            plot_service_knee(self.closed)
        self.assertIn("no service-mode rows", str(skipped.exception))


class ServiceChartCheckTest(ServiceRuns):
    """The chart book writes charts 9 and 10 exactly when there are service rows, and check_charts asks for them."""

    def draw_all(self, source):
        scratch = tempfile.TemporaryDirectory()
        self.addCleanup(scratch.cleanup)
        directory = Path(scratch.name) / "run"
        shutil.copytree(source, directory)
        book = ChartBook(load_results(directory))
        with redirect_stdout(io.StringIO()):
            for name in CHARTS:
                book.draw(name)
        return directory, json.loads((directory / "charts" / "index.json").read_text())

    def check(self, directory):
        out = io.StringIO()
        with redirect_stdout(out), redirect_stderr(out):
            code = check_charts.main(["check_charts.py", str(directory)])
        return code, out.getvalue()

    def test_the_service_charts_are_written_and_listed_when_the_run_has_service_rows(self):
        directory, index = self.draw_all(self.service_dir)
        self.assertEqual(sorted(index["written"]), sorted(SERVICE_CHARTS))
        self.assertEqual(index["written"]["10_service_knee"], ["10_service_knee.png", "10_service_knee.svg"])
        self.assertEqual(sorted(index["skipped"]), sorted(CLOSED_LOOP_CHARTS))
        code, output = self.check(directory)
        self.assertEqual(code, 0, output)
        self.assertIn("2 charts written (9_service_response, 10_service_knee)", output)

    def test_a_run_without_service_rows_skips_them_and_passes(self):
        directory, index = self.draw_all(synthetic.RESULTS)
        for name in SERVICE_CHARTS:
            self.assertIn("no service-mode rows", index["skipped"][name])
        code, output = self.check(directory)
        self.assertEqual(code, 0, output)

    def test_check_charts_requires_them_when_service_rows_exist_and_not_otherwise(self):
        directory, index = self.draw_all(self.service_dir)
        for name in SERVICE_CHARTS:
            index["skipped"][name] = "skipped by mistake"
            del index["written"][name]
        (directory / "charts" / "index.json").write_text(json.dumps(index))
        code, output = self.check(directory)
        self.assertEqual(code, 1)
        for name in SERVICE_CHARTS:
            self.assertIn(f"chart {name} was expected", output)
        self.assertEqual(set(check_charts.expected_charts(self.service.summary)), set(SERVICE_CHARTS))
        expected = check_charts.expected_charts(self.with_service.summary)
        self.assertTrue(set(SERVICE_CHARTS) <= set(expected))
        self.assertFalse(set(SERVICE_CHARTS) & set(check_charts.expected_charts(self.closed.summary)))
        knees = self.service.summary[self.service.summary["benchmark"] == "knee"]
        self.assertEqual(set(check_charts.expected_charts(knees)), {"10_service_knee"})

    def test_service_rows_call_for_no_closed_loop_chart(self):
        summary = self.service.summary.assign(article_s=1.5, pools=100)
        self.assertEqual(set(check_charts.expected_charts(summary)), set(SERVICE_CHARTS))


if __name__ == "__main__":
    unittest.main()
