"""Charts 6 to 8: footprint, threads and CPU per request, the pool scan."""

import unittest

from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.charts_cost import plot_footprint, plot_pool_scan, plot_threads_and_cpu
from analysis.figures import ChartSkipped
from analysis.loading import load_results
from analysis.tests import synthetic
from analysis.tests.drawing import DrawnRuns, drawn_tick_labels, lines, overlapping_tick_labels, panel, panels, texts
from analysis.tests.synthetic import copy_results, rewrite_summary


class ThreadsAndCpuTest(DrawnRuns):
    def test_a_row_per_metric_and_a_column_per_client_with_the_reference_on_each(self):
        fig = plot_threads_and_cpu(self.everything)
        titles = [ax.get_title() for ax in panels(fig)]
        self.assertEqual(titles[:3], ["peak live threads · okhttp", "peak live threads · jdk",
                                      "peak live threads · reactor_netty"])
        self.assertEqual(len(titles), 9)
        for ax in panels(fig):
            self.assertIn("asyncio (aiohttp)", lines(ax))

    def test_one_client_puts_the_metrics_in_a_grid_with_the_legend_in_the_spare_cell(self):
        fig = plot_threads_and_cpu(self.fixture)
        self.assertEqual(len(panels(fig)), 3)
        drawn = lines(panel(fig, "client CPU per request"))
        self.assertEqual(list(drawn["platform_threads"].get_ydata()), [1681.96, 1399.70, 929.83],
                         "Java's client_cpu_us_per_request as written")
        self.assertIn("FAIL", texts(fig))

    def test_n_is_labelled_where_the_run_measured_it_and_no_labels_collide(self):
        # N from 10 to 10,000 on panels a third of the figure wide: where 1-2-5 labels ran into one another.
        directory = copy_results(self)
        synthetic.add_clients(directory)
        synthetic.add_pools(directory)
        fig = plot_threads_and_cpu(load_results(directory))
        FigureCanvasAgg(fig).draw()
        for ax in panels(fig):
            self.assertEqual([label.get_text() for label in drawn_tick_labels(ax.xaxis)],
                             ["10", "100", "1,000", "10,000"], ax.get_title())
        self.assertEqual(overlapping_tick_labels(fig), [])

    def test_skipped_with_its_reason_when_nothing_was_measured(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s.assign(peak_threads="", client_cpu_us_per_request="",
                                                      server_cpu_us_per_request=""))
        with self.assertRaises(ChartSkipped) as skipped:
            plot_threads_and_cpu(load_results(directory))
        self.assertIn("no threads or CPU per request", str(skipped.exception))


class FootprintTest(DrawnRuns):
    def test_allocation_and_jit_are_per_request_in_kib_and_microseconds(self):
        fig = plot_footprint(self.fixture)
        summary = self.fixture.summary.set_index("trial")
        allocated = lines(panel(fig, "allocated per request"))["platform_threads"].get_ydata()
        self.assertAlmostEqual(allocated[0], summary.loc["platform_threads okhttp n=10 L=100",
                                                         "alloc_bytes_per_op"] / 10 / 1024)
        jit = lines(panel(fig, "JIT compiler CPU per request"))["async"].get_ydata()
        self.assertAlmostEqual(jit[2], summary.loc["async okhttp n=1000 L=100", "jit_cpu_ms_per_op"] * 1000 / 1000)
        rss = lines(panel(fig, "peak RSS"))["fixed_pool k=64"].get_ydata()
        self.assertEqual(rss[1], summary.loc["fixed_pool okhttp n=100 L=100 k=64", "peak_rss_mb"], "as written")

    def test_a_grid_not_a_strip_with_one_legend(self):
        fig = plot_footprint(self.fixture)
        self.assertEqual(len(panels(fig)), 4)
        positions = {(ax.get_position().x0.round(2), ax.get_position().y0.round(2)) for ax in panels(fig)}
        self.assertEqual(len({x for x, _ in positions}), 2)
        self.assertEqual(len({y for _, y in positions}), 2)
        self.assertEqual(sum(ax.get_legend() is not None for ax in fig.axes), 1)

    def test_counts_are_on_a_linear_axis_and_the_rest_on_log_axes(self):
        fig = plot_footprint(self.everything)
        self.assertEqual(len(panels(fig)), 12)
        for ax in panels(fig):
            expected = "linear" if "pinned" in ax.get_title() else "log"
            self.assertEqual(ax.get_yscale(), expected, ax.get_title())

    def test_skipped_with_its_reason_when_nothing_was_measured(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s.assign(peak_rss_mb="", alloc_bytes_per_op="", jit_cpu_ms_per_op="",
                                                      pinned_events=""))
        with self.assertRaises(ChartSkipped) as skipped:
            plot_footprint(load_results(directory))
        self.assertIn("no footprint (peak_rss_mb", str(skipped.exception))


class PoolScanTest(DrawnRuns):
    def test_skipped_with_its_reason_without_a_trial_spread_over_pools(self):
        with self.assertRaises(ChartSkipped) as skipped:
            plot_pool_scan(self.fixture)
        self.assertIn("no fetch_n trial with pools > 1", str(skipped.exception))

    def test_pools_1_beside_pools_100_per_client_and_model_with_javas_bounds(self):
        fig = plot_pool_scan(self.everything)
        self.assertEqual([ax.get_title() for ax in panels(fig)],
                         ["client: okhttp · N = 10,000", "client: jdk · N = 10,000"])
        okhttp = panel(fig, "okhttp")
        summary = self.everything.summary.set_index("trial")
        bars = {patch.get_label(): patch for patch in okhttp.patches}
        for trial in ("virtual_threads okhttp n=10000 L=100", "virtual_threads okhttp pools=100 n=10000 L=100"):
            self.assertAlmostEqual(bars[trial].get_height(), summary.loc[trial, "mean_ms"])
            self.assertEqual(lines(okhttp)[f"{trial}: ideal_ms"].get_ydata()[0], summary.loc[trial, "ideal_ms"])
        self.assertEqual(bars["virtual_threads okhttp pools=100 n=10000 L=100"].get_hatch(), "//")
        self.assertEqual([label.get_text() for label in okhttp.get_xticklabels()],
                         ["platform_threads", "virtual_threads", "async"])
        cell_texts = [text.get_text() for text in okhttp.texts]
        self.assertIn("FAIL", cell_texts)
        self.assertEqual(cell_texts.count(" not run"), 2, "platform_threads and async ran with pools = 100 only")
        self.assertIn("asyncio (aiohttp)", lines(okhttp), "the reference at that N")


if __name__ == "__main__":
    unittest.main()
