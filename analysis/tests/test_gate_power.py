"""The gate's power table (analysis/gate_power.py) from compare reports whose answer is known: false alarms and
detections counted per row, the change a slowdown made taken as the median over its pairs, each kind of slowdown
named with its unit, a bad K or level refused."""

import io
import os
import subprocess
import unittest
from contextlib import redirect_stderr
from pathlib import Path

from analysis import gate_power

ROWS = ("fan-out n=500", "sequential n=10")


def report(verdicts, changes, detectable=(10.0, None)):
    """One pair's report, by row, as compare --format json gives its comparisons."""
    return {row: {"benchmark": row, "verdict": verdict, "changePercent": change, "detectableSlowdownPercent": d}
            for row, verdict, change, d in zip(ROWS, verdicts, changes, detectable)}


class GatePowerTableTest(unittest.TestCase):
    def setUp(self):
        self.aa = [report(("~", "~"), (-4.0, 1.0)), report(("worse", "~"), (12.5, -0.5)),
                   report(("~", "~"), (2.0, 0.5), detectable=(20.0, None))]
        self.slowed = {"server:15": [report(("~", "worse"), (3.0, 14.0)), report(("~", "worse"), (1.0, 16.0)),
                                     report(("worse", "~"), (30.0, 9.0))],
                       "client:30": [report(("worse", "~"), (16.0, 0.5)), report(("worse", "~"), (15.0, 1.5))]}
        self.lines = gate_power.table(self.aa, self.slowed)

    def cells(self, row):
        line = next(line for line in self.lines if line.startswith(f"| {row} |"))
        return [cell.strip() for cell in line.strip("|").split("|")]

    def test_a_header_pair_per_level_named_with_its_unit(self):
        self.assertEqual(self.lines[0], "| row | A/A false alarms | largest A/A change | detectable (median) | "
                                        "change at server +15% | worse at server +15% | "
                                        "change at client +30 µs | worse at client +30 µs |")

    def test_false_alarms_the_largest_change_by_size_and_the_median_detectable(self):
        self.assertEqual(self.cells("fan-out n=500")[1:4], ["1/3", "+12.5%", "10.0%"])
        self.assertEqual(self.cells("sequential n=10")[1:4], ["0/3", "+1.0%", "none"])

    def test_the_change_a_slowdown_made_beside_its_detections(self):
        self.assertEqual(self.cells("fan-out n=500")[4:], ["+3.0%", "1/3", "+15.5%", "2/2"])
        self.assertEqual(self.cells("sequential n=10")[4:], ["+14.0%", "2/3", "+1.0%", "0/2"])

    def test_the_suite_lines(self):
        self.assertIn("A/A comparisons with a false alarm anywhere in the suite: 1 of 3", self.lines)
        self.assertIn("Rows caught at server +15%: 3 of 6 row comparisons", self.lines)
        self.assertIn("Rows caught at client +30 µs: 2 of 4 row comparisons", self.lines)

    def test_fewer_than_two_runs_a_level_is_refused(self):
        with redirect_stderr(io.StringIO()), self.assertRaises(SystemExit) as refused:
            gate_power.main(["benchmarks.jar", "out", "1"])
        self.assertIn("K >= 2", str(refused.exception))

    def test_one_run_a_side_pairs_every_two_runs_the_earlier_as_baseline(self):
        runs = ["as-is-run1", "as-is-run2", "as-is-run3"]
        self.assertEqual(list(gate_power.aa_sides(runs, 1)),
                         [(("as-is-run1",), ("as-is-run2",)), (("as-is-run1",), ("as-is-run3",)),
                          (("as-is-run2",), ("as-is-run3",))])

    def test_two_runs_a_side_pair_every_two_disjoint_groups_once(self):
        self.assertEqual(list(gate_power.aa_sides(["r1", "r2", "r3", "r4"], 2)),
                         [(("r1", "r2"), ("r3", "r4")), (("r1", "r3"), ("r2", "r4")), (("r1", "r4"), ("r2", "r3"))])
        pairs = list(gate_power.aa_sides([f"r{i}" for i in range(1, 8)], 2))
        self.assertEqual(len(pairs), 105)  # 35 groups of four, each split three ways
        self.assertTrue(all(not set(base) & set(current) for base, current in pairs))

    def test_alternated_sides_are_every_window_of_runs_in_a_row_split_odd_against_even_both_ways(self):
        self.assertEqual(list(gate_power.alternated_sides(["r1", "r2", "r3", "r4", "r5"], 2)),
                         [(("r1", "r3"), ("r2", "r4")), (("r2", "r4"), ("r1", "r3")),
                          (("r2", "r4"), ("r3", "r5")), (("r3", "r5"), ("r2", "r4"))])
        self.assertEqual(len(list(gate_power.alternated_sides([f"r{i}" for i in range(1, 8)], 2))), 8)

    def test_a_side_names_its_runs_comma_separated_as_compare_reads_them(self):
        self.assertEqual(gate_power.side("out", ("as-is-run1", "as-is-run3")), "out/as-is-run1,out/as-is-run3")

    def test_fewer_than_two_sides_of_rounds_is_refused(self):
        with redirect_stderr(io.StringIO()), self.assertRaises(SystemExit) as refused:
            gate_power.main(["--rounds", "2", "benchmarks.jar", "out", "3"])
        self.assertIn("K >= 2 R", str(refused.exception))

    def test_levels_name_their_runs_folder_and_a_bare_number_is_refused(self):
        self.assertEqual(gate_power.run_folder("as-is", 1), "as-is-run1")
        self.assertEqual(gate_power.run_folder("server:15", 2), "server15-run2")
        self.assertEqual(gate_power.run_folder("client:30", 3), "client30-run3")
        for level in ("15", "client:1.5", "cpu:30", "server:"):
            with self.subTest(level=level), self.assertRaises(SystemExit) as refused:
                gate_power.run_folder(level, 1)
            self.assertIn("server:PERCENT", str(refused.exception))


class GatePowerScriptTest(unittest.TestCase):
    """gate-power.sh reads its levels as gate_power.py does: each refuses what the other refuses, before a run."""

    SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "perf" / "gate-power.sh"

    def run_script(self, *args):
        return subprocess.run(["bash", str(self.SCRIPT), *args], capture_output=True, text=True,
                              env={**os.environ, "JAR": "/nonexistent.jar"}, timeout=30)

    def test_the_script_refuses_the_levels_the_table_refuses_before_any_run(self):
        for level in ("15", "client:1.5", "cpu:30", "server:"):
            with self.subTest(level=level):
                done = self.run_script("2", level)
                self.assertEqual(done.returncode, 2, done.stderr)
                self.assertIn("server:PERCENT or client:MICROS", done.stderr)
                self.assertNotIn("==", done.stdout)

    def test_the_script_refuses_too_few_runs_for_its_rounds_before_any_run(self):
        done = subprocess.run(["bash", str(self.SCRIPT), "3"], capture_output=True, text=True, timeout=30,
                              env={**os.environ, "JAR": "/nonexistent.jar", "ROUNDS": "2"})
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("ROUNDS=2 runs a side need K >= 4", done.stderr)
        self.assertNotIn("==", done.stdout)

    def test_the_script_names_each_runs_folder_as_the_table_reads_it(self):
        # The script derives a folder from a level with ${level/:/}; the table with run_folder.
        self.assertIn('"$out/${level/:/}-run$i"', self.SCRIPT.read_text())
        for level in ("server:15", "server:7.5", "client:30"):
            with self.subTest(level=level):
                shell = subprocess.run(["bash", "-c", f'level={level}; echo "${{level/:/}}-run1"'],
                                       capture_output=True, text=True).stdout.strip()
                self.assertEqual(shell, gate_power.run_folder(level, 1))

if __name__ == "__main__":
    unittest.main()
