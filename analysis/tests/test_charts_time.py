"""Charts 1 to 3: time against N with its bounds, the ratio heatmap, the latency spectrum."""

import math
import unittest

from matplotlib.colors import to_hex

from analysis import style
from analysis.charts_time import heatmap_grid, plot_latency_spectrum, plot_ratio_heatmap, plot_wall_time
from analysis.errors import ResultsError
from analysis.loading import load_results
from analysis.tables import fan_out_table
from analysis.tests.drawing import DrawnRuns, lines, panel, panels, texts
from analysis.tests.synthetic import copy_results, rewrite_summary


class WallTimeTest(DrawnRuns):
    def test_a_panel_per_java_client_in_a_fixed_order_each_with_the_reference(self):
        fig = plot_wall_time(self.everything)
        titles = [ax.get_title() for ax in panels(fig)]
        self.assertEqual([title.split()[1] for title in titles], ["okhttp", "jdk", "reactor_netty"])
        for ax in panels(fig):
            self.assertIn("asyncio (aiohttp)", lines(ax), ax.get_title())
            self.assertNotIn("asyncio (aiohttp): ideal", lines(ax))

    def test_a_client_panel_draws_only_that_clients_rows(self):
        fig = plot_wall_time(self.everything)
        jdk = lines(panel(fig, "jdk"))
        self.assertNotIn("fixed_pool k=64", jdk)
        self.assertEqual(list(jdk["virtual_threads"].get_xdata()), [100, 1000, 10000])

    def test_draws_the_bounds_java_wrote_and_never_recomputes_them(self):
        directory = copy_results(self)
        # An ideal no formula gives, and a floor left blank: both must be drawn as written.
        rewrite_summary(directory, lambda s: s.assign(
            ideal_ms=s["ideal_ms"].where(s["trial"] != "fixed_pool okhttp n=100 L=100 k=64", "123.0"),
            cpu_floor_ms=s["cpu_floor_ms"].where(s["trial"] != "async okhttp n=100 L=100", "")))
        drawn = lines(plot_wall_time(load_results(directory)).axes[0])
        self.assertEqual(list(drawn["fixed_pool k=64: ideal"].get_ydata()), [100.0, 123.0, 1600.0])
        floor = list(drawn["async: CPU floor"].get_ydata())
        self.assertEqual((floor[0], floor[2]), (4.172, 204.905))
        self.assertTrue(math.isnan(floor[1]))

    def test_a_failed_trial_is_an_x_at_its_ideal_with_its_status(self):
        fig = plot_wall_time(self.fixture)
        self.assertIn("FAIL", texts(fig))
        measured = lines(fig.axes[0])["virtual_threads"].get_ydata()
        self.assertTrue(math.isnan(measured[1]), "the line breaks at the failed trial")

    def test_only_the_reference_still_draws_a_panel(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s[s["workload"] == "asyncio"])
        fig = plot_wall_time(load_results(directory))
        self.assertEqual([ax.get_title() for ax in panels(fig)], ["aiohttp (the reference only)"])


class RatioHeatmapTest(DrawnRuns):
    def test_a_panel_per_client_on_one_colour_scale_with_rows_that_line_up(self):
        fig = plot_ratio_heatmap(self.everything)
        heatmaps = panels(fig)
        self.assertEqual([ax.get_title() for ax in heatmaps],
                         ["client: okhttp", "client: jdk", "client: reactor_netty"])
        norms = {(ax.images[0].norm.vmin, ax.images[0].norm.vmax) for ax in heatmaps}
        self.assertEqual(len(norms), 1, "one colour scale")
        self.assertEqual({ax.images[0].get_array().shape[0] for ax in heatmaps}, {11})
        rows = [label.get_text() for label in heatmaps[0].get_yticklabels()]
        self.assertEqual(rows[-1], "asyncio (aiohttp)", "the reference is the last row")
        self.assertEqual([heatmaps[1].get_xticklabels()[i].get_text() for i in range(3)], ["100", "1,000", "10,000"])

    def test_cells_print_javas_ratios_and_mark_where_the_cpu_binds(self):
        grid = heatmap_grid(fan_out_table(self.fixture.summary), "okhttp")
        self.assertEqual(grid["status"].loc["virtual_threads", 100], "FAIL")
        self.assertTrue(math.isnan(grid["ratio_to_ideal"].loc["virtual_threads", 100]))
        self.assertEqual(grid["ratio_to_ideal"].loc["fixed_pool k=64", 100], 1.073)
        cell_texts = [text.get_text() for text in panels(plot_ratio_heatmap(self.fixture))[0].texts]
        self.assertIn("8.20×", cell_texts)
        self.assertIn("FAIL", cell_texts)
        # The fixture's N = 1000 rows bound by the CPU: platform_threads, virtual_threads, async, asyncio.
        self.assertEqual(sorted(text for text in cell_texts if text.startswith("cpu ")),
                         ["cpu 1.50×", "cpu 1.51×", "cpu 1.55×", "cpu 1.56×"])

    def test_row_labels_are_in_their_models_colour(self):
        table = fan_out_table(self.everything.summary)
        styles = style.series_styles(table)
        for label in panels(plot_ratio_heatmap(self.everything))[0].get_yticklabels():
            self.assertEqual(to_hex(label.get_color()), to_hex(styles[label.get_text()].color), label.get_text())


class LatencySpectrumTest(DrawnRuns):
    def test_a_row_per_client_a_column_per_n_the_reference_on_each_drawn_panel(self):
        fig = plot_latency_spectrum(self.everything)
        drawn = panels(fig)
        self.assertIn("jdk · N = 10,000", [ax.get_title() for ax in drawn])
        for ax in drawn:
            n = ax.get_title().split("N = ")[1]
            if n in ("10", "100", "1,000"):
                self.assertIn("asyncio (aiohttp)", lines(ax), ax.get_title())
        self.assertIn("reactor_netty: N = 10,000 not run", texts(fig))

    def test_a_failed_trial_without_histogram_is_noted_on_its_panel(self):
        fig = plot_latency_spectrum(self.fixture)
        notes = [text.get_text() for text in panel(fig, "N = 100").texts]
        self.assertEqual(notes, ["virtual_threads: FAIL, no histogram"])
        self.assertEqual(len(lines(panel(fig, "N = 1,000"))), 5 + 1, "four models, the reference and L")

    def test_histograms_are_found_by_the_stem_java_wrote(self):
        directory = copy_results(self)
        stem = "async-okhttp-n10-l100-c0"
        for path in (directory / "hdr/fetch_n").glob(f"{stem}.*"):
            path.rename(directory / "hdr" / path.name.replace(stem, "a-name-no-param-gives"))
        rewrite_summary(directory, lambda s: s.assign(
            hdr=s["hdr"].where(s["hdr"] != f"hdr/fetch_n/{stem}", "hdr/a-name-no-param-gives")))
        fig = plot_latency_spectrum(load_results(directory))
        self.assertIn("async", lines(panels(fig)[0]))

    def test_a_missing_histogram_of_an_ok_trial_is_named(self):
        directory = copy_results(self)
        (directory / "hdr/fetch_n/platform_threads-okhttp-n10-l100-c0.request.hgrm").unlink()
        with self.assertRaises(ResultsError) as raised:
            plot_latency_spectrum(load_results(directory))
        self.assertIn("platform_threads-okhttp-n10-l100-c0.request.hgrm: is missing", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
