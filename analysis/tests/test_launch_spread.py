"""The table of benchmarks/perf/launch-spread.sh: each launch's figures and their largest over their smallest."""

import unittest

import pandas as pd

from analysis import launch_spread
from analysis.tests.synthetic import RESULTS, copy_results, rewrite_summary


class LaunchSpreadTest(unittest.TestCase):
    def test_each_launch_is_a_line_and_the_spread_is_the_largest_over_the_smallest(self):
        slower = copy_results(self)
        rewrite_summary(slower, lambda s: s.assign(mean_ms=pd.to_numeric(s["mean_ms"]) * 1.25))

        lines = launch_spread.spread_table([RESULTS, slower])

        first = lines[0]
        self.assertEqual(lines[1].split(), ["launch"] + list(launch_spread.FIGURES))
        self.assertTrue(lines[2].strip().startswith("1 "))
        self.assertTrue(lines[3].strip().startswith("2 "))
        spread = lines[4].split()
        self.assertEqual(spread[0], "max/min")
        self.assertEqual(spread[1], "1.250", f"the mean of {first} moved by 25%")
        self.assertEqual(spread[2], "1.000", "the median op did not move")

    def test_a_figure_with_an_interval_shows_it(self):
        row = {"mean_ms": 417.2, "mean_ms_lo": 336.0, "mean_ms_hi": 451.9}
        self.assertEqual(launch_spread.cell(row, "mean_ms"), "417.20 [336.00-451.90]")
        self.assertEqual(launch_spread.cell({"mean_ms": 417.2}, "mean_ms"), "417.20")
        self.assertEqual(launch_spread.ratio([2.0, float("nan")]), "-")


if __name__ == "__main__":
    unittest.main()
