"""The .hlog decoder and .hgrm parser against files written by Java's HdrHistogram 2.2.2 (see fixtures/)."""

import base64
import math
import struct
import tempfile
import unittest
import zlib
from pathlib import Path

from analysis.errors import ResultsError
from analysis.hdr import decode_hlog, percentiles, read_hgrm, read_zigzag_leb128, total

FIXTURES = Path(__file__).parent / "fixtures"
HLOG = FIXTURES / "java-written.hlog"
HGRM = FIXTURES / "java-written.hgrm"


def java_expected():
    """The numbers Java's HdrHistogram computed for the fixture: name -> float."""
    pairs = (line.split() for line in (FIXTURES / "java-written.expected.txt").read_text().splitlines())
    return {name: float(value) for name, value in pairs}


def write(directory, name, text):
    path = Path(directory) / name
    path.write_text(text)
    return path


class ZigZagLeb128Test(unittest.TestCase):
    def test_small_positive_and_negative_values(self):
        self.assertEqual(read_zigzag_leb128(bytes([0x02]), 0), (1, 1))
        self.assertEqual(read_zigzag_leb128(bytes([0x01]), 0), (-1, 1))
        self.assertEqual(read_zigzag_leb128(bytes([0xAC, 0x02]), 0), (150, 2))

    def test_the_ninth_byte_carries_eight_bits(self):
        nine_bytes = bytes([0xFF] * 8 + [0xFF])
        self.assertEqual(read_zigzag_leb128(nine_bytes, 0), (-(2 ** 63), 9))

    def test_a_truncated_value_is_an_error(self):
        with self.assertRaises(ValueError):
            read_zigzag_leb128(bytes([0x80]), 0)


class JavaWrittenHlogTest(unittest.TestCase):
    """The decoder must reproduce what Java's HdrHistogram computed from the same log."""

    @classmethod
    def setUpClass(cls):
        cls.intervals = decode_hlog(HLOG)
        cls.counts = total(cls.intervals)
        cls.expected = java_expected()

    def test_reads_every_interval_with_its_tag_and_times(self):
        self.assertEqual(len(self.intervals), 3)
        self.assertEqual([i.tag for i in self.intervals], ["request"] * 3)
        self.assertEqual([i.start for i in self.intervals], [0.0, 1.0, 2.0])
        self.assertEqual([i.length for i in self.intervals], [1.0, 1.0, 1.0])
        self.assertEqual([i.counts.total_count for i in self.intervals], [20001] * 3)

    def test_count_min_max_and_mean_match_java(self):
        self.assertEqual(self.counts.total_count, self.expected["count"])
        self.assertEqual(self.counts.min(), self.expected["min"])
        self.assertEqual(self.counts.max(), self.expected["max"])
        self.assertAlmostEqual(self.counts.mean(), self.expected["mean"], places=4)

    def test_percentiles_match_java(self):
        levels = [50.0, 90.0, 99.0, 99.9, 99.99]
        values = percentiles(self.intervals, levels)
        for level in levels:
            java = self.expected[f"p{level}"]
            with self.subTest(level=level):
                self.assertLessEqual(abs(values[level] - java), java * 1e-3)

    def test_every_percentile_of_javas_hgrm_within_its_precision(self):
        hgrm = read_hgrm(HGRM)
        for row in hgrm.itertuples():
            value_ms = self.counts.value_at_percentile(row.percentile * 100) / 1000
            with self.subTest(percentile=row.percentile):
                self.assertLessEqual(abs(value_ms - row.value_ms), max(row.value_ms * 1e-3, 0.0005))

    def test_percentiles_scale_to_milliseconds(self):
        self.assertAlmostEqual(percentiles(self.intervals, [50], scale=1000)[50], 100.031)


class HlogErrorsTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        self.good_line = [line for line in HLOG.read_text().splitlines() if line.startswith("Tag=")][0]

    def assert_error(self, text, *fragments):
        path = write(self.directory.name, "bad.request.hlog", text)
        with self.assertRaises(ResultsError) as raised:
            decode_hlog(path)
        message = str(raised.exception)
        for fragment in ("bad.request.hlog",) + fragments:
            self.assertIn(fragment, message)

    def test_missing_file(self):
        with self.assertRaises(ResultsError) as raised:
            decode_hlog(Path(self.directory.name) / "absent.hlog")
        self.assertIn("absent.hlog", str(raised.exception))

    def test_bad_base64_names_the_line(self):
        self.assert_error("#[comment]\n" + self.good_line + "\n0.0,1.0,1.0,@@@@\n", "line 3 is malformed")

    def test_too_few_fields(self):
        self.assert_error("0.0,1.0\n", "line 1 is malformed", "found 2 fields")

    def test_truncated_payload(self):
        start, length, maximum, payload = self.good_line.split(",")[1:]
        cut = base64.b64encode(base64.b64decode(payload)[:30]).decode()
        self.assert_error(f"{start},{length},{maximum},{cut}\n", "line 1 is malformed")

    def test_a_histogram_that_is_not_v2(self):
        body = zlib.compress(struct.pack(">iiiiqqd", 0x1C849301, 0, 0, 3, 1, 2, 1.0))
        data = struct.pack(">ii", 0x1C849302, len(body)) + body
        self.assert_error(f"0.0,1.0,1.0,{base64.b64encode(data).decode()}\n", "not a V2 compressed")

    def test_a_log_without_intervals(self):
        self.assert_error("#[comment only]\n", "holds no histogram interval")


class HgrmTest(unittest.TestCase):
    def test_reads_percentiles_and_footer(self):
        hgrm = read_hgrm(HGRM)
        self.assertEqual(list(hgrm.columns), ["value_ms", "percentile", "total_count", "inverse"])
        self.assertEqual(hgrm["percentile"].iloc[0], 0.0)
        self.assertEqual(hgrm["percentile"].iloc[-1], 1.0)
        self.assertTrue(hgrm["inverse"].iloc[:-1].notna().all())
        self.assertTrue(math.isnan(hgrm["inverse"].iloc[-1]))
        self.assertEqual(hgrm.attrs["total_count"], 60003)
        self.assertEqual(hgrm.attrs["max_ms"], 4325.375)
        self.assertEqual(hgrm.attrs["mean_ms"], 106.267)

    def test_malformed_line_names_file_and_line(self):
        with tempfile.TemporaryDirectory() as directory:
            path = write(directory, "x.op.hgrm", "       Value     Percentile TotalCount 1/(1-Percentile)\n\n"
                                                 "       0.003 0.000000000000          2           1.00\n"
                                                 "       zero point five\n")
            with self.assertRaises(ResultsError) as raised:
                read_hgrm(path)
        self.assertIn("x.op.hgrm", str(raised.exception))
        self.assertIn("line 4 is malformed", str(raised.exception))

    def test_empty_file(self):
        with tempfile.TemporaryDirectory() as directory:
            with self.assertRaises(ResultsError) as raised:
                read_hgrm(write(directory, "empty.hgrm", ""))
        self.assertIn("holds no percentile line", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
