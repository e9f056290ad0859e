"""Loading a results folder: its files, their errors, the column types, the caption."""

import math
import tempfile
import unittest
from pathlib import Path

from analysis.errors import ResultsError
from analysis.loading import caption, column_datatypes, load_results, pick_results_dir
from analysis.tables import fan_out_table
from analysis.tests.synthetic import RESULTS, copy_results, rewrite_summary


class LoadResultsTest(unittest.TestCase):
    def test_reads_the_three_files_with_numbers_as_numbers(self):
        results = load_results(RESULTS)
        self.assertEqual(len(results.summary), 15)
        self.assertIn(results.summary["n"].dtype.kind, "if")
        self.assertTrue(math.isnan(results.summary.loc[5, "mean_ms"]))
        self.assertEqual(results.meta["profile"], "default")
        self.assertEqual(results.summary.loc[3, "k"], 64)
        self.assertEqual(results.summary.loc[8, "bound"], "cpu")
        self.assertEqual(results.summary.loc[8, "cpu_floor_ms"], 527.416)
        self.assertIsInstance(results.jmh, list)
        self.assertIn("primaryMetric", results.jmh[0])

    def test_each_column_has_the_type_javas_metadata_gives_it(self):
        datatypes = column_datatypes(RESULTS / "summary.csv")
        self.assertEqual(datatypes["n"], "integer")
        self.assertEqual(datatypes["held"], "boolean")
        self.assertEqual(datatypes["trial"], "string")
        summary = load_results(RESULTS).summary
        self.assertEqual(summary["jmh_params"].dtype, object, "text, though some values could read as numbers")

    def test_a_folder_written_before_the_metadata_reads_its_types_off_the_values(self):
        directory = copy_results(self)
        (directory / "summary.csv-metadata.json").unlink()
        summary = load_results(directory).summary
        self.assertIn(summary["n"].dtype.kind, "if")
        self.assertEqual(summary.loc[8, "cpu_floor_ms"], 527.416)
        self.assertEqual(summary["trial"].dtype, object)

    def test_metadata_that_is_not_csvw_is_named(self):
        directory = copy_results(self)
        (directory / "summary.csv-metadata.json").write_text('{"columns": []}')
        with self.assertRaises(ResultsError) as raised:
            load_results(directory)
        self.assertIn("summary.csv-metadata.json", str(raised.exception))
        self.assertIn("is not CSVW table metadata", str(raised.exception))

    def test_columns_are_found_by_name_not_position(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s[list(reversed(s.columns))].assign(peak_threads="12"))
        summary = load_results(directory).summary
        self.assertEqual(list(summary["n"]), [10] * 4 + [100] * 4 + [1000] * 4 + [10, 100, 1000])
        self.assertEqual(summary["peak_threads"].iloc[0], 12)

    def test_histogram_path_is_the_stem_the_harness_wrote(self):
        results = load_results(RESULTS)
        table = fan_out_table(results.summary)
        for _, row in table[table["ok"]].iterrows():
            self.assertTrue(results.histogram_path(row, "request", "hgrm").is_file(), row["series"])
        pool = table[table["series"] == "fixed_pool k=64"].iloc[0]
        self.assertEqual(results.histogram_path(pool, "op", "hlog").name, "fixed_pool-okhttp-n10-l100-k64-c0.op.hlog")
        self.assertIsNone(results.histogram_path(table[~table["ok"]].iloc[0], "request", "hgrm"))


class ResultsErrorsTest(unittest.TestCase):
    def assert_error(self, directory, *fragments):
        with self.assertRaises(ResultsError) as raised:
            load_results(directory)
        for fragment in fragments:
            self.assertIn(fragment, str(raised.exception))

    def test_missing_folder(self):
        self.assert_error(RESULTS / "absent", "absent", "no such directory")

    def test_missing_summary(self):
        directory = copy_results(self)
        (directory / "summary.csv").unlink()
        self.assert_error(directory, "summary.csv", "is missing")

    def test_missing_column(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s.drop(columns=["ideal_ms"]))
        self.assert_error(directory, "summary.csv", "missing column ideal_ms")

    def test_a_value_that_is_no_number_names_row_and_column(self):
        directory = copy_results(self)
        rewrite_summary(directory, lambda s: s.assign(mean_ms=s["mean_ms"].where(s.index != 2, "fast")))
        self.assert_error(directory, "summary.csv", "row 4, column mean_ms", "'fast'")

    def test_empty_summary(self):
        directory = copy_results(self)
        (directory / "summary.csv").write_text("")
        self.assert_error(directory, "summary.csv", "not a readable CSV")

    def test_header_only_summary(self):
        directory = copy_results(self)
        header = (RESULTS / "summary.csv").read_text().splitlines()[0]
        (directory / "summary.csv").write_text(header + "\n")
        self.assert_error(directory, "summary.csv", "no trial rows")

    def test_meta_that_is_not_json(self):
        directory = copy_results(self)
        (directory / "meta.json").write_text('{"cores": 2,')
        self.assert_error(directory, "meta.json", "is not JSON", "line 1")

    def test_meta_that_is_not_an_object(self):
        directory = copy_results(self)
        (directory / "meta.json").write_text("[1, 2]")
        self.assert_error(directory, "meta.json", "should hold an object")

    def test_missing_jmh_json(self):
        directory = copy_results(self)
        (directory / "jmh.json").unlink()
        self.assert_error(directory, "jmh.json", "is missing")


class PickResultsDirTest(unittest.TestCase):
    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.root = Path(directory.name)

    def make_run(self, relative):
        path = self.root / relative
        path.mkdir(parents=True)
        (path / "summary.csv").write_text("")
        return path

    def test_the_override_wins(self):
        self.make_run("results/runs/2026-01-01T00-00-00Z-quick")
        self.assertEqual(pick_results_dir("/some/where", self.root), Path("/some/where"))

    def test_the_newest_run_with_a_summary(self):
        self.make_run("results/runs/2026-01-01T00-00-00Z-quick")
        newest = self.make_run("results/runs/2026-02-01T00-00-00Z-default")
        (self.root / "results/runs/2026-03-01T00-00-00Z-unfinished").mkdir()
        self.make_run("results/reference")
        self.assertEqual(pick_results_dir(None, self.root), newest)

    def test_the_reference_run_when_there_is_no_run(self):
        reference = self.make_run("results/reference")
        self.assertEqual(pick_results_dir("", self.root), reference)

    def test_nothing_to_read(self):
        with self.assertRaises(ResultsError) as raised:
            pick_results_dir(None, self.root)
        self.assertIn("RESULTS_DIR", str(raised.exception))


class CaptionTest(unittest.TestCase):
    def test_names_machine_jdk_date_and_profile(self):
        text = caption(load_results(RESULTS).meta)
        for fragment in ("2 cores", "AMD EPYC", "JDK 25.0.3", "2026-11-29", "profile default"):
            self.assertIn(fragment, text)

    def test_survives_a_sparse_meta(self):
        self.assertIn("profile ?", caption({}))


if __name__ == "__main__":
    unittest.main()
