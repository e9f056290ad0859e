"""The model -> colour map: fixed, distinct, and the same for a model whatever else the run measured."""

import unittest

from matplotlib.colors import to_rgb

from analysis import style
from analysis.tables import fan_out_table
from analysis.tests.synthetic import summary_frame

JAVA_MODELS = ("sequential", "platform_threads", "virtual_threads", "virtual_threads_pinned", "completable_future",
               "async", "event_loop", "flat_map", "fixed_pool")


class ModelColorTest(unittest.TestCase):
    def test_every_model_has_its_own_colour_and_asyncio_one_no_java_model_has(self):
        colours = [style.model_color(model) for model in JAVA_MODELS]
        self.assertEqual(len(set(colours)), len(JAVA_MODELS))
        self.assertNotIn(style.model_color("asyncio"), colours)
        self.assertNotIn(style.SCENARIO_COLOR, colours + [style.model_color("asyncio")])

    def test_pool_sizes_are_shades_of_one_hue_darker_for_bigger_pools(self):
        shades = [to_rgb(style.model_color("fixed_pool", k)) for k in (8, 64, 256)]
        self.assertEqual(len(set(shades)), 3)
        self.assertTrue(all(red > blue for red, _, blue in shades), "all oranges")
        brightness = [sum(shade) for shade in shades]
        self.assertEqual(brightness, sorted(brightness, reverse=True))

    def test_a_models_style_does_not_depend_on_what_else_the_run_measured(self):
        alone = fan_out_table(summary_frame(model=["virtual_threads"], n=[10]))
        crowded = fan_out_table(summary_frame(model=["sequential", "platform_threads", "virtual_threads"],
                                                 n=[10] * 3))
        self.assertEqual(style.series_styles(alone)["virtual_threads"],
                         style.series_styles(crowded)["virtual_threads"])

    def test_variants_keep_their_models_colour(self):
        table = fan_out_table(summary_frame(model=["virtual_threads"] * 3, n=[10, 10, 10000],
                                               cpu_us=[0, 200, 0], pools=[1, 1, 100]))
        styles = style.series_styles(table)
        self.assertEqual({styles[name].color for name in styles}, {style.model_color("virtual_threads")})
        self.assertFalse(styles["virtual_threads +200µs CPU"].filled)
        self.assertEqual(styles["virtual_threads pools=100"].marker, "P")

    def test_a_model_the_map_does_not_know_gets_a_colour_of_its_own(self):
        table = fan_out_table(summary_frame(model=["structured_concurrency", "virtual_threads"], n=[10, 10]))
        colours = {name: s.color for name, s in style.series_styles(table).items()}
        self.assertNotEqual(colours["structured_concurrency"], colours["virtual_threads"])
        self.assertNotIn(colours["structured_concurrency"], style.MODEL_COLORS.values())


if __name__ == "__main__":
    unittest.main()
