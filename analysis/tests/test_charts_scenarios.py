"""Charts 4 and 5: the article's table and the CPU + I/O mix."""

import unittest

from matplotlib.colors import to_hex

from analysis import style
from analysis.charts_scenarios import plot_article_table, plot_cpu_io_mix
from analysis.loading import load_results
from analysis.tables import REQUEST_PERCENTILES
from analysis.tests import synthetic
from analysis.tests.drawing import DrawnRuns, legend_colours, texts
from analysis.tests.synthetic import copy_results, rewrite_summary


class ArticleTableTest(DrawnRuns):
    def test_the_article_is_in_asyncios_colour_and_a_java_model_in_its_own(self):
        directory = copy_results(self)
        synthetic.add_scenarios(directory)
        rewrite_summary(directory, lambda s: s.assign(
            status=s["status"].where(s["trial"] != "sequential okhttp n=3 L=1000", "OK"),
            mean_ms=s["mean_ms"].where(s["trial"] != "sequential okhttp n=3 L=1000", "3015.0")))
        colours = legend_colours(plot_article_table(load_results(directory)))
        self.assertEqual(colours["the article (Python asyncio)"], to_hex(style.model_color("asyncio")))
        self.assertEqual(colours["Java, this run: sequential"], to_hex(style.model_color("sequential")))
        self.assertEqual(colours["Java, this run: a scenario"], to_hex(style.SCENARIO_COLOR))

    def test_a_failed_scenario_keeps_its_row_with_its_status(self):
        fig = plot_article_table(self.everything)
        self.assertIn(" FAIL", texts(fig))
        self.assertEqual([label.get_text() for label in fig.axes[0].get_yticklabels()], ["gather", "sequential"])


class CpuIoMixTest(DrawnRuns):
    def test_percentiles_are_grays_no_model_has(self):
        colours = legend_colours(plot_cpu_io_mix(self.everything))
        levels = {colours[level] for level in REQUEST_PERCENTILES}
        self.assertEqual(len(levels), 5)
        self.assertFalse(levels & {to_hex(colour) for colour in style.MODEL_COLORS.values()})
        self.assertIn("server latency L", colours)


if __name__ == "__main__":
    unittest.main()
