"""What holds for every chart, and the chart book that writes them (PNG and SVG) or says why not."""

import json
import unittest
import xml.etree.ElementTree as ElementTree

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex

from analysis import style
from analysis.chartbook import CHARTS, PLOTS, ChartBook, save_chart
from analysis.charts_time import plot_ratio_heatmap
from analysis.figures import ChartSkipped
from analysis.loading import load_results
from analysis.tables import fan_out_table
from analysis.tests import synthetic
from analysis.tests.drawing import DrawnRuns, legend_colours, lines, overlapping_tick_labels, texts
from analysis.tests.synthetic import copy_results, rewrite_summary


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
        for name, plot in PLOTS.items():
            try:
                figures[name] = plot(results)
            except ChartSkipped:
                continue
            FigureCanvasAgg(figures[name]).draw()
        return figures

    def test_a_model_has_the_same_colour_in_every_chart(self):
        table = fan_out_table(self.everything.summary)
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

    def test_tick_labels_never_overlap(self):
        for run, figures in self.figures.items():
            for name, fig in figures.items():
                self.assertEqual(overlapping_tick_labels(fig), [], f"{run}: {name}")

    def test_tick_labels_are_plain_numbers(self):
        for name, fig in self.figures["everything"].items():
            for ax in fig.axes:
                for tick in ax.get_xticklabels() + ax.get_yticklabels():
                    self.assertNotRegex(tick.get_text(), r"e[+-]|\$|\^", f"{name}: {tick.get_text()}")


class ChartBookTest(unittest.TestCase):
    """Every chart is written (PNG and SVG) or skipped with its reason in index.json."""

    def draw_all(self, directory):
        book = ChartBook(load_results(directory))
        for name in CHARTS:
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
        for name in CHARTS:
            self.assert_chart_files(directory, name)

    def test_subsets_of_the_run_draw_what_applies_and_skip_the_rest(self):
        service = {"9_service_response", "10_service_knee"}
        subsets = {"the reference only": (lambda s: s[s["workload"] == "asyncio"],
                                          {"4_article_table", "5_cpu_io_mix", "8_pool_scan"} | service),
                   "one Java client": (lambda s: s[s["client"] == "jdk"],
                                       {"4_article_table", "5_cpu_io_mix"} | service),
                   "scenarios and service mode only": (lambda s: s[s["benchmark"] != "fetch_n"],
                                                       set(CHARTS) - {"4_article_table", "5_cpu_io_mix"} - service),
                   "service mode only": (lambda s: s[s["benchmark"].isin(["service", "knee"])],
                                         set(CHARTS) - service),
                   "knee rows only": (lambda s: s[s["benchmark"] == "knee"],
                                      set(CHARTS) - {"10_service_knee"}),
                   "the closed loop only": (lambda s: s[~s["benchmark"].isin(["service", "knee"])], service),
                   "every trial failed": (lambda s: s.assign(status="FAIL", mean_ms="", hdr="", ratio_to_ideal="",
                                                             ratio_to_bound=""), set())}
        for name, (keep, skipped) in subsets.items():
            directory = copy_results(self)
            synthetic.add_everything(directory)
            rewrite_summary(directory, keep)
            results = load_results(directory)
            drawn = set()
            for chart, plot in PLOTS.items():
                try:
                    plot(results)
                    drawn.add(chart)
                except ChartSkipped as reason:
                    self.assertTrue(str(reason).startswith("skipped: "), f"{name}, {chart}")
            self.assertEqual(drawn, set(CHARTS) - skipped, name)

    def test_svg_is_the_same_when_drawn_twice(self):
        directory = copy_results(self)
        results = load_results(directory)
        first = save_chart(plot_ratio_heatmap(results), directory / "a", "x")[1].read_bytes()
        second = save_chart(plot_ratio_heatmap(results), directory / "b", "x")[1].read_bytes()
        self.assertEqual(first, second)


if __name__ == "__main__":
    unittest.main()
