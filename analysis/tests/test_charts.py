"""The charts, drawn from the real fixture and from copies of it with made-up rows (tests/synthetic.py).

No test looks at pixels: each reads back what a chart drew (its panels, lines, texts and legends), so that it
can tell a failed trial that vanished, a model that changed colour, or an ideal that was recomputed.
"""

import json
import math
import shutil
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex

from analysis import fanout_results as fr
from analysis import style
from analysis.errors import ResultsError
from analysis.tests import synthetic
from analysis.tests.synthetic import copy_results, rewrite_summary


def panels(fig):
    """The visible panels of a figure that have a title (not the legend column, not a colour bar)."""
    return [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]


def panel(fig, title_part):
    """The one panel whose title holds title_part."""
    found = [ax for ax in panels(fig) if title_part in ax.get_title()]
    assert len(found) == 1, [ax.get_title() for ax in panels(fig)]
    return found[0]


def lines(ax):
    """label -> Line2D of a panel."""
    return {line.get_label(): line for line in ax.get_lines()}


def texts(fig):
    """Every piece of text a figure shows: titles, annotations, cell texts, tick labels, legends."""
    found = [text.get_text() for text in fig.texts]
    for ax in fig.axes:
        found += [ax.get_title()] + [text.get_text() for text in ax.texts]
        found += [label.get_text() for label in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            found += [text.get_text() for text in legend.get_texts()]
    return found


def legend_colours(fig):
    """label -> colour of every legend entry of a figure that is drawn as a line or a patch."""
    colours = {}
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        for handle, text in zip(legend.legend_handles if hasattr(legend, "legend_handles") else legend.legendHandles,
                                legend.get_texts()):
            colour = handle.get_color() if hasattr(handle, "get_color") else handle.get_facecolor()
            colours[text.get_text()] = to_hex(colour)
    return colours


class DrawnRuns(unittest.TestCase):
    """The fixture as it is, and with every kind of row the reference run will have."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        cls.fixture_dir = Path(cls.scratch.name) / "fixture"
        cls.everything_dir = Path(cls.scratch.name) / "everything"
        shutil.copytree(synthetic.RESULTS, cls.fixture_dir)
        shutil.copytree(synthetic.RESULTS, cls.everything_dir)
        synthetic.add_everything(cls.everything_dir)
        cls.fixture = fr.load_results(cls.fixture_dir)
        cls.everything = fr.load_results(cls.everything_dir)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()


class WallTimeTest(DrawnRuns):
    def test_a_panel_per_java_client_in_a_fixed_order_each_with_the_reference(self):
        fig = fr.plot_wall_time(self.everything)
        titles = [ax.get_title() for ax in panels(fig)]
        self.assertEqual([title.split()[1] for title in titles], ["okhttp", "jdk", "reactor_netty"])
        for ax in panels(fig):
            self.assertIn("asyncio (aiohttp)", lines(ax), ax.get_title())
            self.assertNotIn("asyncio (aiohttp): ideal", lines(ax))

    def test_a_client_panel_draws_only_that_clients_rows(self):
        fig = fr.plot_wall_time(self.everything)
        jdk = lines(panel(fig, "jdk"))
        self.assertNotIn("fixed_pool k=64", jdk)
        self.assertEqual(list(jdk["virtual_threads"].get_xdata()), [100, 1000, 10000])

    def test_draws_the_bounds_java_wrote_and_never_recomputes_them(self):
        directory = copy_results(self)
        # An ideal no formula gives, and a floor left blank: both must be drawn as written.
        rewrite_summary(directory, lambda s: s.assign(
            ideal_ms=s["ideal_ms"].where(s["trial"] != "fixed_pool okhttp n=100 L=100 k=64", "123.0"),
            cpu_floor_ms=s["cpu_floor_ms"].where(s["trial"] != "async okhttp n=100 L=100", "")))
        drawn = lines(fr.plot_wall_time(fr.load_results(directory)).axes[0])
        self.assertEqual(list(drawn["fixed_pool k=64: ideal"].get_ydata()), [100.0, 123.0, 1600.0])
        floor = list(drawn["async: CPU floor"].get_ydata())
        self.assertEqual((floor[0], floor[2]), (4.172, 204.905))
        self.assertTrue(math.isnan(floor[1]))

    def test_a_failed_trial_is_an_x_at_its_ideal_with_its_status(self):
        fig = fr.plot_wall_time(self.fixture)
        self.assertIn("FAIL", texts(fig))
        measured = lines(fig.axes[0])["virtual_threads"].get_ydata()
        self.assertTrue(math.isnan(measured[1]), "the line breaks at the failed trial")

    def test_only_the_reference_still_draws_a_panel(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s[s["workload"] == "asyncio"])
        fig = fr.plot_wall_time(fr.load_results(directory))
        self.assertEqual([ax.get_title() for ax in panels(fig)], ["aiohttp (the reference only)"])


class RatioHeatmapTest(DrawnRuns):
    def test_a_panel_per_client_on_one_colour_scale_with_rows_that_line_up(self):
        fig = fr.plot_ratio_heatmap(self.everything)
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
        grid = fr.heatmap_grid(fr.fan_out_table(self.fixture.summary), "okhttp")
        self.assertEqual(grid["status"].loc["virtual_threads", 100], "FAIL")
        self.assertTrue(math.isnan(grid["ratio_to_ideal"].loc["virtual_threads", 100]))
        self.assertEqual(grid["ratio_to_ideal"].loc["fixed_pool k=64", 100], 1.073)
        cell_texts = [text.get_text() for text in panels(fr.plot_ratio_heatmap(self.fixture))[0].texts]
        self.assertIn("8.20×", cell_texts)
        self.assertIn("FAIL", cell_texts)
        # The fixture's N = 1000 rows bound by the CPU: platform_threads, virtual_threads, async, asyncio.
        self.assertEqual(sorted(text for text in cell_texts if text.startswith("cpu ")),
                         ["cpu 1.50×", "cpu 1.51×", "cpu 1.55×", "cpu 1.56×"])

    def test_row_labels_are_in_their_models_colour(self):
        table = fr.fan_out_table(self.everything.summary)
        styles = style.series_styles(table)
        for label in panels(fr.plot_ratio_heatmap(self.everything))[0].get_yticklabels():
            self.assertEqual(to_hex(label.get_color()), to_hex(styles[label.get_text()].color), label.get_text())


class ThreadsAndCpuTest(DrawnRuns):
    def test_a_row_per_metric_and_a_column_per_client_with_the_reference_on_each(self):
        fig = fr.plot_threads_and_cpu(self.everything)
        titles = [ax.get_title() for ax in panels(fig)]
        self.assertEqual(titles[:3], ["peak live threads · okhttp", "peak live threads · jdk",
                                      "peak live threads · reactor_netty"])
        self.assertEqual(len(titles), 9)
        for ax in panels(fig):
            self.assertIn("asyncio (aiohttp)", lines(ax))

    def test_one_client_puts_the_metrics_in_a_grid_with_the_legend_in_the_spare_cell(self):
        fig = fr.plot_threads_and_cpu(self.fixture)
        self.assertEqual(len(panels(fig)), 3)
        drawn = lines(panel(fig, "client CPU per request"))
        self.assertEqual(list(drawn["platform_threads"].get_ydata()), [1681.96, 1399.70, 929.83],
                         "Java's client_cpu_us_per_request as written")
        self.assertIn("FAIL", texts(fig))

    def test_skipped_with_its_reason_when_nothing_was_measured(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s.assign(peak_threads="", client_cpu_us_per_request="",
                                                      server_cpu_us_per_request=""))
        with self.assertRaises(fr.ChartSkipped) as skipped:
            fr.plot_threads_and_cpu(fr.load_results(directory))
        self.assertIn("no threads or CPU per request", str(skipped.exception))


class FootprintTest(DrawnRuns):
    def test_allocation_and_jit_are_per_request_in_kib_and_microseconds(self):
        fig = fr.plot_footprint(self.fixture)
        summary = self.fixture.summary.set_index("trial")
        allocated = lines(panel(fig, "allocated per request"))["platform_threads"].get_ydata()
        self.assertAlmostEqual(allocated[0], summary.loc["platform_threads okhttp n=10 L=100",
                                                         "alloc_bytes_per_op"] / 10 / 1024)
        jit = lines(panel(fig, "JIT compiler CPU per request"))["async"].get_ydata()
        self.assertAlmostEqual(jit[2], summary.loc["async okhttp n=1000 L=100", "jit_cpu_ms_per_op"] * 1000 / 1000)
        rss = lines(panel(fig, "peak RSS"))["fixed_pool k=64"].get_ydata()
        self.assertEqual(rss[1], summary.loc["fixed_pool okhttp n=100 L=100 k=64", "peak_rss_mb"], "as written")

    def test_a_grid_not_a_strip_with_one_legend(self):
        fig = fr.plot_footprint(self.fixture)
        self.assertEqual(len(panels(fig)), 4)
        positions = {(ax.get_position().x0.round(2), ax.get_position().y0.round(2)) for ax in panels(fig)}
        self.assertEqual(len({x for x, _ in positions}), 2)
        self.assertEqual(len({y for _, y in positions}), 2)
        self.assertEqual(sum(ax.get_legend() is not None for ax in fig.axes), 1)

    def test_counts_are_on_a_linear_axis_and_the_rest_on_log_axes(self):
        fig = fr.plot_footprint(self.everything)
        self.assertEqual(len(panels(fig)), 12)
        for ax in panels(fig):
            expected = "linear" if "pinned" in ax.get_title() else "log"
            self.assertEqual(ax.get_yscale(), expected, ax.get_title())

    def test_skipped_with_its_reason_when_nothing_was_measured(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s.assign(peak_rss_mb="", alloc_bytes_per_op="", jit_cpu_ms_per_op="",
                                                      pinned_events=""))
        with self.assertRaises(fr.ChartSkipped) as skipped:
            fr.plot_footprint(fr.load_results(directory))
        self.assertIn("no footprint (peak_rss_mb", str(skipped.exception))


class PoolScanTest(DrawnRuns):
    def test_skipped_with_its_reason_without_a_trial_spread_over_pools(self):
        with self.assertRaises(fr.ChartSkipped) as skipped:
            fr.plot_pool_scan(self.fixture)
        self.assertIn("no fetch_n trial with pools > 1", str(skipped.exception))

    def test_pools_1_beside_pools_100_per_client_and_model_with_javas_bounds(self):
        fig = fr.plot_pool_scan(self.everything)
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


class LatencySpectrumTest(DrawnRuns):
    def test_a_row_per_client_a_column_per_n_the_reference_on_each_drawn_panel(self):
        fig = fr.plot_latency_spectrum(self.everything)
        drawn = panels(fig)
        self.assertIn("jdk · N = 10,000", [ax.get_title() for ax in drawn])
        for ax in drawn:
            n = ax.get_title().split("N = ")[1]
            if n in ("10", "100", "1,000"):
                self.assertIn("asyncio (aiohttp)", lines(ax), ax.get_title())
        self.assertIn("reactor_netty: N = 10,000 not run", texts(fig))

    def test_a_failed_trial_without_histogram_is_noted_on_its_panel(self):
        fig = fr.plot_latency_spectrum(self.fixture)
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
        fig = fr.plot_latency_spectrum(fr.load_results(directory))
        self.assertIn("async", lines(panels(fig)[0]))


class ArticleTableTest(DrawnRuns):
    def test_the_article_is_in_asyncios_colour_and_a_java_model_in_its_own(self):
        directory = copy_results(self)
        synthetic.add_scenarios(directory)
        rewrite_summary(directory, lambda s: s.assign(
            status=s["status"].where(s["trial"] != "sequential okhttp n=3 L=1000", "OK"),
            mean_ms=s["mean_ms"].where(s["trial"] != "sequential okhttp n=3 L=1000", "3015.0")))
        colours = legend_colours(fr.plot_article_table(fr.load_results(directory)))
        self.assertEqual(colours["the article (Python asyncio)"], to_hex(style.model_color("asyncio")))
        self.assertEqual(colours["Java, this run: sequential"], to_hex(style.model_color("sequential")))
        self.assertEqual(colours["Java, this run: a scenario"], to_hex(style.SCENARIO_COLOR))

    def test_a_failed_scenario_keeps_its_row_with_its_status(self):
        fig = fr.plot_article_table(self.everything)
        self.assertIn(" FAIL", texts(fig))
        self.assertEqual([label.get_text() for label in fig.axes[0].get_yticklabels()], ["gather", "sequential"])


class CpuIoMixTest(DrawnRuns):
    def test_percentiles_are_grays_no_model_has(self):
        colours = legend_colours(fr.plot_cpu_io_mix(self.everything))
        levels = {colours[level] for level in fr.REQUEST_PERCENTILES}
        self.assertEqual(len(levels), 5)
        self.assertFalse(levels & {to_hex(colour) for colour in style.MODEL_COLORS.values()})
        self.assertIn("server latency L", colours)


class EveryChartTest(DrawnRuns):
    """What holds for every chart: a model's colour, failed trials kept, plain tick labels."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.figures = {"fixture": cls.draw_every_chart(cls.fixture), "everything": cls.draw_every_chart(cls.everything)}

    @staticmethod
    def draw_every_chart(results):
        """name -> figure of every chart that applies, drawn (so that tick labels are set)."""
        figures = {}
        for name, plot in fr.PLOTS.items():
            try:
                figures[name] = plot(results)
            except fr.ChartSkipped:
                continue
            FigureCanvasAgg(figures[name]).draw()
        return figures

    def test_a_model_has_the_same_colour_in_every_chart(self):
        table = fr.fan_out_table(self.everything.summary)
        expected = {name: to_hex(s.color) for name, s in style.series_styles(table).items()}
        expected.update({variant: expected[series] for variant, series in zip(table["variant"], table["series"])})
        for name, fig in self.figures["everything"].items():
            seen = {}
            for ax in fig.axes:
                for label, line in lines(ax).items():
                    if label in expected:
                        seen[label] = to_hex(line.get_color())
                for tick in ax.get_yticklabels() + ax.get_xticklabels():
                    if tick.get_text() in expected:
                        seen[tick.get_text()] = to_hex(tick.get_color())
            seen.update({label: colour for label, colour in legend_colours(fig).items() if label in expected})
            if name not in ("4_article_table", "5_cpu_io_mix"):
                self.assertTrue(seen, f"{name} shows no model")
            for label, colour in seen.items():
                self.assertEqual(colour, expected[label], f"{label} in {name}")

    def test_a_failed_trial_stays_visible_in_every_chart_of_the_fan_out(self):
        for name, fig in self.figures["fixture"].items():
            self.assertTrue(any("FAIL" in text for text in texts(fig)), name)
        self.assertIn("FAIL", texts(self.figures["everything"]["8_pool_scan"]))

    def test_tick_labels_are_plain_numbers(self):
        for name, fig in self.figures["everything"].items():
            for ax in fig.axes:
                for tick in ax.get_xticklabels() + ax.get_yticklabels():
                    self.assertNotRegex(tick.get_text(), r"e[+-]|\$|\^", f"{name}: {tick.get_text()}")


class ChartBookTest(unittest.TestCase):
    """Every chart is written (PNG and SVG) or skipped with its reason in index.json."""

    def draw_all(self, directory):
        book = fr.ChartBook(fr.load_results(directory))
        for name in fr.CHARTS:
            book.draw(name)
        return json.loads((directory / "charts" / "index.json").read_text())

    def assert_chart_files(self, directory, name):
        png, svg = directory / "charts" / f"{name}.png", directory / "charts" / f"{name}.svg"
        self.assertTrue(png.read_bytes().startswith(b"\x89PNG"), png)
        self.assertTrue(ElementTree.parse(svg).getroot().tag.endswith("svg"), svg)

    def test_a_fan_out_only_run_draws_five_charts_and_says_why_it_skips_the_others(self):
        directory = copy_results(self)
        index = self.draw_all(directory)
        self.assertEqual(sorted(index["written"]), ["1_wall_time", "2_ratio_heatmap", "3_latency_spectrum",
                                                    "6_footprint", "7_threads_and_cpu"])
        self.assertIn("no fetch_n trial with pools > 1", index["skipped"]["8_pool_scan"])
        self.assertIn("no trial at the article's own setting", index["skipped"]["4_article_table"])
        self.assertIn("no cpu_io_mix trial", index["skipped"]["5_cpu_io_mix"])
        for name in index["written"]:
            self.assert_chart_files(directory, name)

    def test_a_run_with_every_kind_of_row_draws_every_chart(self):
        directory = copy_results(self)
        synthetic.add_everything(directory)
        index = self.draw_all(directory)
        self.assertEqual(index["skipped"], {})
        for name in fr.CHARTS:
            self.assert_chart_files(directory, name)

    def test_subsets_of_the_run_draw_what_applies_and_skip_the_rest(self):
        service = {"9_service_response", "10_service_knee"}
        subsets = {"the reference only": (lambda s: s[s["workload"] == "asyncio"],
                                          {"4_article_table", "5_cpu_io_mix", "8_pool_scan"} | service),
                   "one Java client": (lambda s: s[s["client"] == "jdk"],
                                       {"4_article_table", "5_cpu_io_mix"} | service),
                   "scenarios and service mode only": (lambda s: s[s["benchmark"] != "fetch_n"],
                                                       set(fr.CHARTS) - {"4_article_table", "5_cpu_io_mix"} - service),
                   "service mode only": (lambda s: s[s["benchmark"].isin(["service", "knee"])],
                                         set(fr.CHARTS) - service),
                   "knee rows only": (lambda s: s[s["benchmark"] == "knee"],
                                      set(fr.CHARTS) - {"10_service_knee"}),
                   "the closed loop only": (lambda s: s[~s["benchmark"].isin(["service", "knee"])], service),
                   "every trial failed": (lambda s: s.assign(status="FAIL", mean_ms="", hdr="", ratio_to_ideal="",
                                                             ratio_to_bound=""), set())}
        for name, (keep, skipped) in subsets.items():
            directory = copy_results(self)
            synthetic.add_everything(directory)
            rewrite_summary(directory, keep)
            results = fr.load_results(directory)
            drawn = set()
            for chart, plot in fr.PLOTS.items():
                try:
                    plot(results)
                    drawn.add(chart)
                except fr.ChartSkipped as reason:
                    self.assertTrue(str(reason).startswith("skipped: "), f"{name}, {chart}")
            self.assertEqual(drawn, set(fr.CHARTS) - skipped, name)

    def test_cpu_io_mix_shows_the_io_tasks_request_percentiles_never_the_ops(self):
        directory = copy_results(self)
        synthetic.add_scenarios(directory)
        mix = fr.cpu_io_percentiles(fr.load_results(directory)).set_index("arrangement")
        self.assertEqual(list(mix.index), ["all_virtual", "io_pool_cpu_pool"])
        self.assertEqual(mix.loc["io_pool_cpu_pool", "p99"], 180.0)
        self.assertEqual(mix.loc["io_pool_cpu_pool", "p99.9"], 190.0)
        self.assertTrue(math.isnan(mix.loc["all_virtual", "p50"]), "blank request columns stay blank")

    def test_a_missing_histogram_of_an_ok_trial_is_named(self):
        directory = copy_results(self)
        (directory / "hdr/fetch_n/platform_threads-okhttp-n10-l100-c0.request.hgrm").unlink()
        with self.assertRaises(ResultsError) as raised:
            fr.plot_latency_spectrum(fr.load_results(directory))
        self.assertIn("platform_threads-okhttp-n10-l100-c0.request.hgrm: is missing", str(raised.exception))

    def test_svg_is_the_same_when_drawn_twice(self):
        directory = copy_results(self)
        results = fr.load_results(directory)
        first = fr.save_chart(fr.plot_ratio_heatmap(results), directory / "a", "x")[1].read_bytes()
        second = fr.save_chart(fr.plot_ratio_heatmap(results), directory / "b", "x")[1].read_bytes()
        self.assertEqual(first, second)


if __name__ == "__main__":
    unittest.main()
