"""HdrHistogram files without an HdrHistogram package: the .hgrm percentile text and the .hlog interval log.

No HdrHistogram package exists for Python here, so the .hlog's V2 encoding is decoded by hand, following
HdrHistogram's Java source (AbstractHistogram.decodeFromCompressedByteBuffer, ZigZagEncoding,
HistogramLogReader). Percentiles, min, max and mean are computed exactly as the Java methods of the same
names do, so that the notebook's numbers are the ones the harness printed.
"""

import base64
import binascii
import math
import struct
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import ResultsError

V2_ENCODING_COOKIE_BASE = 0x1C849303
V2_COMPRESSED_ENCODING_COOKIE_BASE = 0x1C849304
# The word-size nibble of a cookie: V2 sets it to 0x10 to say "ZigZag LEB128 counts".
COOKIE_WORD_SIZE_MASK = 0xF0
# cookie, payload length, normalizing index offset, significant digits, lowest, highest, int-to-double ratio
V2_HEADER = struct.Struct(">iiiiqqd")
HGRM_COLUMNS = ["value_ms", "percentile", "total_count", "inverse"]


@dataclass(frozen=True)
class Counts:
    """One integer HdrHistogram: its counts array and the layout that maps an index to a value range."""

    significant_digits: int
    lowest_discernible_value: int
    highest_trackable_value: int
    counts: np.ndarray

    @property
    def unit_magnitude(self):
        return int(math.floor(math.log2(self.lowest_discernible_value)))

    @property
    def sub_bucket_half_count_magnitude(self):
        largest_single_unit = 2 * 10 ** self.significant_digits
        return max(int(math.ceil(math.log2(largest_single_unit))), 1) - 1

    @property
    def total_count(self):
        return int(self.counts.sum())

    def lowest_values(self):
        """The lowest value each index stands for (Java's valueFromIndex)."""
        index = np.arange(len(self.counts), dtype=np.int64)
        half_magnitude = self.sub_bucket_half_count_magnitude
        half_count = 1 << half_magnitude
        bucket = (index >> half_magnitude) - 1
        sub_bucket = (index & (half_count - 1)) + half_count
        first = bucket < 0
        sub_bucket[first] -= half_count
        bucket[first] = 0
        return sub_bucket << (bucket + self.unit_magnitude)

    def range_sizes(self):
        """How many integers each index stands for: the histogram's precision at that value."""
        index = np.arange(len(self.counts), dtype=np.int64)
        bucket = np.maximum((index >> self.sub_bucket_half_count_magnitude) - 1, 0)
        return np.left_shift(np.int64(1), bucket + self.unit_magnitude)

    def _nonzero(self):
        nonzero = np.flatnonzero(self.counts)
        if len(nonzero) == 0:
            raise ValueError("the histogram is empty")
        return nonzero

    def min(self):
        return int(self.lowest_values()[self._nonzero()[0]])

    def max(self):
        last = self._nonzero()[-1]
        return int(self.lowest_values()[last] + self.range_sizes()[last] - 1)

    def mean(self):
        """Java's getMean: each count sits at the middle of its value range."""
        middles = self.lowest_values() + (self.range_sizes() >> 1)
        return float((middles * self.counts).sum() / self.total_count)

    def value_at_percentile(self, percentile):
        """Java's getValueAtPercentile, including its one-ulp step down that avoids round-off overruns."""
        requested = min(max(math.nextafter(percentile, -math.inf), 0.0), 100.0)
        count_at_percentile = max(int(math.ceil(requested / 100.0 * self.total_count)), 1)
        index = int(np.searchsorted(np.cumsum(self.counts), count_at_percentile))
        lowest = int(self.lowest_values()[index])
        return lowest if percentile == 0.0 else lowest + int(self.range_sizes()[index]) - 1

    def merged(self, other):
        """The two histograms added up; both must share a layout, as the harness's all do."""
        if (self.significant_digits, self.lowest_discernible_value) != (
                other.significant_digits, other.lowest_discernible_value):
            raise ValueError("histograms with different precision cannot be added up")
        length = max(len(self.counts), len(other.counts))
        counts = np.zeros(length, dtype=np.int64)
        counts[:len(self.counts)] += self.counts
        counts[:len(other.counts)] += other.counts
        return Counts(self.significant_digits, self.lowest_discernible_value,
                      max(self.highest_trackable_value, other.highest_trackable_value), counts)


@dataclass(frozen=True)
class Interval:
    """One line of a .hlog: an interval's start and length in seconds (relative to the log's base time)."""

    start: float
    length: float
    tag: str
    counts: Counts


def read_zigzag_leb128(data, position):
    """One ZigZag LEB128 long as Java's ZigZagEncoding.getLong writes it: 7 bits a byte, the 9th byte whole.

    Returns the value and the position after it.
    """
    raw = 0
    for byte_number in range(9):
        if position >= len(data):
            raise ValueError("a count runs past the end of the payload")
        byte = data[position]
        position += 1
        if byte_number == 8:
            raw |= byte << 56
            break
        raw |= (byte & 0x7F) << (7 * byte_number)
        if byte < 0x80:
            break
    return (raw >> 1) ^ -(raw & 1), position


def decode_counts_payload(payload):
    """The V2 counts array: each word is a count, or minus a run length of zero counts."""
    counts = []
    position = 0
    while position < len(payload):
        value, position = read_zigzag_leb128(payload, position)
        if value < 0:
            counts.extend([0] * -value)
        else:
            counts.append(value)
    return np.array(counts, dtype=np.int64)


def decode_compressed_histogram(data):
    """A histogram from HdrHistogram's compressed V2 encoding (the bytes of one .hlog payload)."""
    if len(data) < 8:
        raise ValueError("shorter than a compressed histogram's 8-byte header")
    cookie, compressed_length = struct.unpack_from(">ii", data)
    if cookie & ~COOKIE_WORD_SIZE_MASK != V2_COMPRESSED_ENCODING_COOKIE_BASE:
        raise ValueError(f"cookie 0x{cookie & 0xFFFFFFFF:08x} is not a V2 compressed integer histogram")
    inflated = zlib.decompress(data[8:8 + compressed_length])
    if len(inflated) < V2_HEADER.size:
        raise ValueError("the inflated histogram is shorter than its 40-byte header")
    inner_cookie, payload_length, normalizing_offset, digits, lowest, highest, _ratio = (
        V2_HEADER.unpack_from(inflated))
    if inner_cookie & ~COOKIE_WORD_SIZE_MASK != V2_ENCODING_COOKIE_BASE:
        raise ValueError(f"inner cookie 0x{inner_cookie & 0xFFFFFFFF:08x} is not a V2 histogram")
    if normalizing_offset != 0:
        raise ValueError("shifted histograms (normalizing index offset != 0) are not supported")
    payload = inflated[V2_HEADER.size:V2_HEADER.size + payload_length]
    if len(payload) != payload_length:
        raise ValueError(f"payload is {len(payload)} bytes, header says {payload_length}")
    return Counts(digits, lowest, highest, decode_counts_payload(payload))


def parse_hlog_line(line):
    """One interval line: optional Tag=..., start, length, max, base64 payload."""
    fields = line.split(",")
    tag = ""
    if fields[0].startswith("Tag="):
        tag = fields.pop(0)[len("Tag="):]
    if len(fields) != 4:
        raise ValueError(f"expected start,length,max,histogram but found {len(fields)} fields")
    start, length = float(fields[0]), float(fields[1])
    data = base64.b64decode(fields[3], validate=True)
    return Interval(start, length, tag, decode_compressed_histogram(data))


def _read_lines(path):
    """The lines of a text file, or a ResultsError naming it when it cannot be read as text."""
    try:
        with open(path, encoding="utf-8") as text:
            return text.read().splitlines()
    except OSError as error:
        raise ResultsError(path, f"cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise ResultsError(path, "is not text") from None


def decode_hlog(path):
    """Every interval of a .hlog file, in order.

    Comment lines (#...) and the legend ("StartTimestamp"...) are skipped as HistogramLogReader does.
    A line that does not decode raises ResultsError naming the file and the line number.
    """
    lines = _read_lines(path)
    intervals = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#") or line.startswith('"StartTimestamp"'):
            continue
        try:
            intervals.append(parse_hlog_line(line))
        except (ValueError, binascii.Error, zlib.error, struct.error) as error:
            raise ResultsError(path, f"line {number} is malformed: {error}") from None
    if not intervals:
        raise ResultsError(path, "holds no histogram interval")
    return intervals


def total(intervals):
    """All intervals of a log added up, as HdrHistogram's tools add them for a whole-run summary."""
    counts = intervals[0].counts
    for interval in intervals[1:]:
        counts = counts.merged(interval.counts)
    return counts


def percentiles(intervals, levels, scale=1.0):
    """The values at the given percentile levels (0-100) of the intervals added up, divided by scale.

    The harness records microseconds; pass scale=1000 for milliseconds.
    """
    counts = total(intervals)
    return pd.Series([counts.value_at_percentile(level) / scale for level in levels],
                     index=list(levels), dtype=float)


def parse_hgrm_footer(line, attrs):
    """The '#[Mean = ..., StdDeviation = ...]' and '#[Max = ..., Total count = ...]' lines."""
    for part in line.strip("#[] ").split(","):
        name, _, value = part.partition("=")
        key = {"Mean": "mean_ms", "StdDeviation": "std_ms", "Max": "max_ms",
               "Total count": "total_count"}.get(name.strip())
        if key:
            attrs[key] = float(value)


def read_hgrm(path):
    """HdrHistogram's percentile text (outputPercentileDistribution) as a DataFrame.

    Columns: value_ms, percentile (0-1), total_count, inverse (1/(1-percentile), NaN on the 100% line).
    The footer's mean, std deviation, max and total count go to DataFrame.attrs.
    """
    lines = _read_lines(path)
    rows, attrs = [], {}
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields or fields[0] == "Value":
            continue
        if line.startswith("#"):
            parse_hgrm_footer(line, attrs)
            continue
        try:
            if len(fields) not in (3, 4):
                raise ValueError(f"{len(fields)} fields")
            inverse = float(fields[3]) if len(fields) == 4 else math.nan
            rows.append((float(fields[0]), float(fields[1]), int(fields[2]), inverse))
        except ValueError as error:
            raise ResultsError(path, f"line {number} is malformed ({error}): {line.strip()!r}") from None
    if not rows:
        raise ResultsError(path, "holds no percentile line")
    frame = pd.DataFrame(rows, columns=HGRM_COLUMNS)
    frame.attrs.update(attrs)
    return frame
