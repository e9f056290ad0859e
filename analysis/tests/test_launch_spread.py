"""The table of benchmarks/perf/launch-spread.sh: each launch's figures and their largest over their smallest."""

import unittest

import numpy as np
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

    def test_launches_of_several_forks_are_pooled_and_resampled_into_campaigns(self):
        launches = [copy_results(self), copy_results(self)]
        trial = next(iter(launch_spread.launches([launches[0]])))
        for launch, means, settled in zip(launches, ([100.0, 100.0, 100.0], [100.0, 100.0, 100.0]),
                                          (["true", "false", "true"], None)):
            forks = pd.DataFrame({"trial": trial, "fork": [1, 2, 3], "mean_ms": means, "p50_ms": means,
                                  "ratio_to_bound": 1.2, "client_cpu_us_per_request": 40.0, "jit_cpu_ms_per_op": 9.0})
            if settled is not None:
                forks["jit_settled"] = settled
            forks.to_csv(launch / "forks.csv", index=False)

        lines = launch_spread.spread_table(launches)

        self.assertEqual(lines[1].split()[-1], "jit_settled")
        self.assertEqual(lines[2].split()[-1], "2/3", "two of the first launch's three warm-ups settled")
        self.assertEqual(lines[3].split()[-1], "-", "the second launch's forks.csv does not say")

        pooled = [line for line in lines if line.startswith("  pooled ")]
        self.assertEqual(pooled[0].split()[1:3], ["1.000", "[1.000]"], "forks all alike: no spread in any campaign")
        note = [line for line in lines if line.startswith("  pooled:")]
        self.assertEqual(len(note), 1, "only the trial with forks is pooled")
        self.assertIn("the 6 forks drawn into 10,000 campaigns of 2 launches of 3 forks", note[0])

    def test_without_the_forks_of_every_launch_nothing_is_pooled(self):
        lines = launch_spread.spread_table([RESULTS, copy_results(self)])
        self.assertFalse([line for line in lines if "pooled" in line])

    def test_a_campaign_is_the_largest_over_the_smallest_of_its_launches_medians(self):
        rng = np.random.default_rng(0)
        # Five launches of one fork each, drawn from 100 and 200: all five alike in 2 of 32 campaigns only.
        self.assertEqual(launch_spread.resampled_spread(np.array([100.0, 200.0]), 5, 1, rng), (2.0, 2.0))
        # Three forks a launch: a launch's median is 100 or 200, as its majority; the spread stays 2 or 1.
        median, high = launch_spread.resampled_spread(np.array([100.0, 200.0]), 5, 3, rng)
        self.assertEqual(high, 2.0)
        self.assertIn(median, (1.0, 2.0))


if __name__ == "__main__":
    unittest.main()
