"""A run with intervals (issue 21): every chart draws each figure with the interval Java wrote for it, the tightest
bound (bound_ms) where it drew the CPU floor, Java's per-request columns; a run without them draws as before."""

import math
import unittest

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle

from analysis.charts_cost import plot_footprint, plot_pool_scan, plot_threads_and_cpu
from analysis.charts_scenarios import plot_article_table, plot_cpu_io_mix
from analysis.charts_service import plot_service_knee
from analysis.charts_time import plot_ratio_heatmap, plot_wall_time
from analysis.loading import load_results
from analysis.tables import knee_table
from analysis.tests import synthetic
from analysis.tests.drawing import IntervalRuns, intervals, lines, panel, panels, texts
from analysis.tests.synthetic import copy_results, rewrite_summary

PLOTS = (plot_wall_time, plot_ratio_heatmap, plot_article_table, plot_cpu_io_mix, plot_footprint,
         plot_threads_and_cpu, plot_pool_scan)


def trial(model, client, n, k=0):
    return f"{model} {client} n={n} L=100" + (f" k={k}" if k else "")


class WallTimeTest(IntervalRuns):
    def test_error_bars_are_javas_interval_of_the_mean_and_a_failed_trial_has_none(self):
        okhttp = panel(plot_wall_time(self.with_intervals), "okhttp")
        expected = [(n, self.rows.loc[trial("virtual_threads", "okhttp", n), "mean_ms_lo"],
                     self.rows.loc[trial("virtual_threads", "okhttp", n), "mean_ms_hi"]) for n in (10, 1000, 10000)]
        self.assertEqual(intervals(okhttp)["virtual_threads: interval"], expected, "N = 100 failed: no bar")

    def test_a_trial_not_ok_has_no_error_bar_even_with_an_interval(self):
        directory = copy_results(self)
        synthetic.add_intervals(directory)
        rewrite_summary(directory, lambda s: s.assign(status=s["status"].where(
            s["trial"] != trial("async", "okhttp", 1000), "INVALID")))
        okhttp = panels(plot_wall_time(load_results(directory)))[0]
        self.assertEqual([n for n, _, _ in intervals(okhttp)["async: interval"]], [10, 100])
        self.assertIn("INVALID", texts(okhttp.figure))

    def test_a_trial_of_one_draw_has_no_error_bar(self):
        okhttp = panel(plot_wall_time(self.with_intervals), "okhttp")
        self.assertEqual([n for n, _, _ in intervals(okhttp)["fixed_pool k=64: interval"]], [10, 1000])

    def test_the_dotted_line_is_javas_tightest_bound_marked_where_it_is_not_the_ideal(self):
        fig = plot_wall_time(self.with_intervals)
        drawn = lines(panel(fig, "okhttp"))
        self.assertEqual(list(drawn["platform_threads: tightest bound"].get_ydata()),
                         [self.rows.loc[trial("platform_threads", "okhttp", n), "bound_ms"] for n in (10, 100, 1000)])
        self.assertEqual(list(drawn["_platform_threads: bound latency_cpu"].get_xdata()), [100])
        self.assertEqual(list(drawn["_platform_threads: bound cpu"].get_xdata()), [1000])
        self.assertNotIn("platform_threads: CPU floor", drawn)
        legend = "\n".join(texts(fig))
        self.assertIn("bound_ms", legend)
        self.assertIn("confidence 0.75–0.94, over forks or iterations", legend)

    def test_a_run_without_intervals_draws_none_and_keeps_its_cpu_floor(self):
        fig = plot_wall_time(self.everything)
        for ax in panels(fig):
            self.assertEqual(intervals(ax), {}, ax.get_title())
            self.assertNotIn("platform_threads: tightest bound", lines(ax))
        self.assertIn("platform_threads: CPU floor", lines(panel(fig, "okhttp")))
        self.assertFalse(any("interval" in text for text in texts(fig)))


class RatioHeatmapTest(IntervalRuns):
    def cell_texts(self, ax, column):
        """The texts a heatmap panel draws in the column of its x tick label column, top to bottom."""
        j = [label.get_text() for label in ax.get_xticklabels()].index(column)
        return [text.get_text() for text in sorted(ax.texts, key=lambda text: text.get_position()[1])
                if abs(text.get_position()[0] - j) < 0.5]

    def test_colour_and_big_number_are_the_ratio_to_the_tightest_bound_with_its_interval_then_the_ideal(self):
        okhttp = panel(plot_ratio_heatmap(self.with_intervals), "okhttp")
        rows = [label.get_text() for label in okhttp.get_yticklabels()]
        row = self.rows.loc[trial("virtual_threads", "okhttp", 1000)]
        image = okhttp.images[0].get_array()
        columns = [label.get_text() for label in okhttp.get_xticklabels()]
        self.assertEqual(image[rows.index("virtual_threads"), columns.index("1,000")], row["ratio_to_bound"])
        column = self.cell_texts(okhttp, "1,000")
        at = column.index(f"{row['ratio_to_bound']:.2f}×")
        self.assertEqual(column[at - 1:at + 3], ["cpu", "1.56×", "[1.41–1.95]", "ideal 2.16×"])

    def test_a_trial_of_one_draw_has_no_interval_and_a_failed_one_stays_hatched(self):
        okhttp = panel(plot_ratio_heatmap(self.with_intervals), "okhttp")
        column = self.cell_texts(okhttp, "100")
        at = column.index(f"{self.rows.loc[trial('fixed_pool', 'okhttp', 100, 64), 'ratio_to_bound']:.2f}×")
        self.assertEqual(column[at - 1:at + 2], ["latency", "1.07×", "ideal 1.07×"])
        self.assertIn("FAIL", column)
        self.assertEqual(sum(isinstance(patch, Rectangle) and patch.get_hatch() == "///" for patch in okhttp.patches),
                         3, "sequential, virtual_threads at N = 100 and async pools=100")

    def test_a_run_without_bound_ms_colours_by_the_ratio_to_ideal_as_before(self):
        fixture = panels(plot_ratio_heatmap(self.fixture))[0]
        rows = [label.get_text() for label in fixture.get_yticklabels()]
        columns = [label.get_text() for label in fixture.get_xticklabels()]
        self.assertEqual(fixture.images[0].get_array()[rows.index("fixed_pool k=64"), columns.index("100")], 1.073)
        self.assertFalse(any(text.get_text().startswith("[") for text in fixture.texts))


class ScenariosTest(IntervalRuns):
    def test_the_article_table_has_the_interval_of_javas_time_in_seconds(self):
        fig = plot_article_table(self.with_intervals)
        gather = self.rows.loc["gather okhttp n=3 L=1000"]
        self.assertEqual(intervals(fig.axes[0], horizontal=True)["Java: interval"],
                         [(-0.27, gather["mean_ms_lo"] / 1000, gather["mean_ms_hi"] / 1000)], "none for the FAIL")
        self.assertEqual(intervals(plot_article_table(self.everything).axes[0], horizontal=True), {})

    def test_the_cpu_io_mix_draws_an_interval_where_java_writes_one(self):
        self.assertEqual(intervals(plot_cpu_io_mix(self.with_intervals).axes[0], horizontal=True), {},
                         "Java writes none for the request percentiles yet")
        directory = copy_results(self)
        synthetic.add_scenarios(directory)
        rewrite_summary(directory, lambda s: s.assign(request_p99_ms_lo=s["request_p99_ms"].where(
            s["request_p99_ms"] == "", "170"), request_p99_ms_hi=s["request_p99_ms"].where(
            s["request_p99_ms"] == "", "195")))
        synthetic.declare_columns(directory, {"request_p99_ms_lo": "double", "request_p99_ms_hi": "double"})
        fig = plot_cpu_io_mix(load_results(directory))
        drawn = intervals(fig.axes[0], horizontal=True)
        self.assertEqual([(low, high) for _, low, high in drawn["p99: interval"]], [(170.0, 195.0)])
        legend = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
        self.assertEqual(legend[-1].split("\n")[0], "interval (error bar): holds the median")
        self.assertNotIn("p99: interval", legend)


class CostTest(IntervalRuns):
    def test_footprint_reads_javas_per_request_columns_rather_than_dividing(self):
        fig = plot_footprint(self.with_intervals)
        ns = (10, 100, 1000)
        allocated = lines(panel(fig, "allocated per request · okhttp"))["platform_threads"].get_ydata()
        self.assertEqual(list(allocated), [self.rows.loc[trial("platform_threads", "okhttp", n),
                                                         "alloc_bytes_per_request"] / 1024 for n in ns])
        jit = lines(panel(fig, "JIT compiler CPU per request · okhttp"))["async"].get_ydata()
        self.assertEqual(list(jit), [self.rows.loc[trial("async", "okhttp", n), "jit_cpu_us_per_request"] for n in ns])

    def test_cpu_per_request_has_javas_intervals(self):
        fig = plot_threads_and_cpu(self.with_intervals)
        drawn = intervals(panel(fig, "server CPU per request · jdk"))["virtual_threads: interval"]
        self.assertEqual(drawn, [(n, self.rows.loc[trial("virtual_threads", "jdk", n), "server_cpu_us_per_request_lo"],
                                  self.rows.loc[trial("virtual_threads", "jdk", n), "server_cpu_us_per_request_hi"])
                                 for n in (100, 1000, 10000)])
        self.assertEqual(intervals(panel(fig, "peak live threads · jdk")), {}, "Java writes none for threads")
        self.assertTrue(any("holds the median" in text for text in texts(fig)))

    def test_a_run_of_no_pinned_events_has_whole_number_ticks(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s.assign(pinned_events="0"))
        ax = panel(plot_footprint(load_results(directory)), "pinned")
        FigureCanvasAgg(ax.figure).draw()
        ticks = [tick for tick in ax.get_yticks() if ax.get_ylim()[0] <= tick <= ax.get_ylim()[1]]
        self.assertEqual(ticks, [0.0, 1.0])

    def test_pool_bars_have_javas_interval_and_tightest_bound(self):
        okhttp = panel(plot_pool_scan(self.with_intervals), "okhttp")
        name = "virtual_threads okhttp pools=100 n=10000 L=100"
        row = self.rows.loc[name]
        ((_, low, high),) = intervals(okhttp)[f"{name}: interval"]
        self.assertEqual((low, high), (row["mean_ms_lo"], row["mean_ms_hi"]))
        self.assertEqual(lines(okhttp)[f"{name}: bound_ms"].get_ydata()[0], row["bound_ms"])
        self.assertNotIn(f"{name}: cpu_floor_ms", lines(okhttp))

    def test_pool_bars_at_several_n_get_a_row_each_that_holds_its_bars(self):
        directory = copy_results(self)
        synthetic.add_pools(directory)
        synthetic.add_rows(directory, lambda s: [synthetic.variant_of(s, "virtual_threads okhttp n=1000 L=100", 0.8,
                                                                      pools=100)])
        synthetic.add_intervals(directory)
        fig = plot_pool_scan(load_results(directory))
        small, large = panel(fig, "okhttp · N = 1,000"), panel(fig, "okhttp · N = 10,000")
        self.assertLess(small.get_ylim()[1], large.get_ylim()[1] / 5, "each N on its own scale")
        self.assertIn("jdk: no trial with pools > 1\nat N = 1,000", texts(fig))
        for ax in panels(fig):
            tops = [high for bars in intervals(ax).values() for _, _, high in bars]
            tops += [patch.get_height() for patch in ax.patches]
            self.assertLessEqual(max(tops, default=0), ax.get_ylim()[1], ax.get_title())


class KneeTableTest(IntervalRuns):
    def test_every_step_held_and_where_a_sweep_ended_are_read_from_javas_columns(self):
        knees = knee_table(self.with_intervals.summary).set_index("trial")
        self.assertEqual(knees.loc["async okhttp n=10 L=100 knee", "ended_at"], 90, "Java's, not the details' 100")
        self.assertTrue(knees.loc["event_loop reactor_netty n=10 L=100 knee", "every_step_held"])
        self.assertTrue(math.isnan(knees.loc["event_loop reactor_netty n=10 L=100 knee", "ended_at"]))
        directory = copy_results(self)
        synthetic.add_everything(directory)
        synthetic.add_intervals(directory)
        knee = "virtual_threads okhttp n=10 L=100 knee"
        rewrite_summary(directory, lambda s: s.assign(every_step_held=s["every_step_held"].where(
            s["trial"] != knee, "true")))
        results = load_results(directory)
        self.assertTrue(knee_table(results.summary).set_index("trial").loc[knee, "every_step_held"])
        self.assertIn("≥ 750/s", [text.get_text() for ax in plot_service_knee(results).axes for text in ax.texts])

    def test_a_run_written_before_those_columns_still_derives_them(self):
        knees = knee_table(self.everything.summary).set_index("trial")
        self.assertEqual(knees.loc["async okhttp n=10 L=100 knee", "ended_at"], 100)
        self.assertFalse(knees.loc["virtual_threads okhttp n=10 L=100 knee", "every_step_held"])


class EveryChartTest(IntervalRuns):
    def test_every_chart_with_intervals_still_keeps_failed_trials_and_plain_ticks(self):
        for plot in PLOTS:
            fig = plot(self.with_intervals)
            FigureCanvasAgg(fig).draw()
            self.assertTrue(any("FAIL" in text for text in texts(fig)), plot.__name__)
            for ax in fig.axes:
                for tick in ax.get_xticklabels() + ax.get_yticklabels():
                    self.assertNotRegex(tick.get_text(), r"e[+-]|\$|\^", f"{plot.__name__}: {tick.get_text()}")

    def test_error_bars_span_their_figure(self):
        for plot in (plot_wall_time, plot_threads_and_cpu, plot_pool_scan):
            for ax in panels(plot(self.with_intervals)):
                for label, bars in intervals(ax).items():
                    for _, low, high in bars:
                        self.assertTrue(np.isfinite([low, high]).all() and low <= high, f"{ax.get_title()}: {label}")


if __name__ == "__main__":
    unittest.main()
