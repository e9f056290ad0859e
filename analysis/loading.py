"""Reads a results folder of the fan-out benchmark: summary.csv, each column of the type Java declared for it, and
meta.json and jmh.json, checked as they are read so that a missing or malformed file is named (ResultsError), not
a stack trace from deep inside pandas. Also which rows are which benchmark, and the caption naming the run."""

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import ResultsError

FAN_OUT = "fetch_n"
CPU_IO_MIX = "cpu_io_mix"
# Service mode (open loop): a row per step of a sweep, and a row per sweep with its knee. Neither is a closed-loop
# trial: charts 1 to 8 and the trials table never draw them, charts 9 and 10 draw nothing else.
SERVICE = "service"
KNEE = "knee"
OPEN_LOOP = (SERVICE, KNEE)
REQUIRED_COLUMNS = ("trial", "benchmark", "workload", "model", "client", "pools", "n", "latency_ms", "k",
                    "concurrency", "cpu_us", "mean_ms", "ideal_ms", "ratio_to_ideal", "cpu_floor_ms", "bound",
                    "ratio_to_bound", "status", "hdr")
# CSVW (W3C's CSV on the Web): a table's metadata sits beside it under this suffix. The harness writes each column's
# datatype there (summary.csv-metadata.json), from the one declaration of its columns in Java.
TABLE_METADATA_SUFFIX = "-metadata.json"
NUMERIC_DATATYPES = ("double", "integer")


@dataclass
class Results:
    """One results folder as read: summary.csv, meta.json and jmh.json."""

    directory: Path
    summary: pd.DataFrame
    meta: dict
    jmh: list

    @property
    def charts_dir(self):
        return self.directory / "charts"

    def histogram_path(self, row, kind, extension):
        """The histogram file of a summary row (kind 'request' or 'op', extension 'hgrm' or 'hlog'), by the
        stem the harness wrote in its hdr column; None when the trial recorded no histograms."""
        if pd.isna(row["hdr"]):
            return None
        return self.directory / f"{row['hdr']}.{kind}.{extension}"


def pick_results_dir(override=None, root=Path(".")):
    """The folder to read: the override (RESULTS_DIR), else the newest run, else the reference run.

    Run folders are named by their UTC start time, so the newest sorts last.
    """
    if override:
        return Path(override)
    runs = sorted(path.parent for path in (root / "results" / "runs").glob("*/summary.csv"))
    if runs:
        return runs[-1]
    reference = root / "results" / "reference"
    if not reference.is_dir():
        raise ResultsError(reference, "no results to read: set RESULTS_DIR, or run java -jar benchmarks.jar")
    return reference


def load_results(directory):
    """Reads and checks a results folder; any missing or malformed file raises ResultsError naming it."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ResultsError(directory, "is not a results folder (no such directory)")
    return Results(directory, read_summary(directory / "summary.csv"), read_json(directory / "meta.json", dict),
                   read_json(directory / "jmh.json", list))


def read_json(path, expected_type):
    """A JSON file whose top level must be expected_type (meta.json: an object, jmh.json: a list)."""
    if not path.is_file():
        raise ResultsError(path, "is missing")
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ResultsError(path, f"is not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except UnicodeDecodeError:
        raise ResultsError(path, "is not UTF-8 text") from None
    if not isinstance(value, expected_type):
        wanted = "an object" if expected_type is dict else "a list"
        raise ResultsError(path, f"should hold {wanted}, not {type(value).__name__}")
    return value


def read_summary(path):
    """summary.csv as a DataFrame, each column of the type its metadata gives it; columns are found by name."""
    summary = read_table(path, REQUIRED_COLUMNS)
    if "protocol" not in summary.columns:
        # A run made before the protocol was a param spoke HTTP/1.1 throughout.
        summary["protocol"] = "http1"
    return summary


def read_table(path, required_columns):
    """A table the harness writes (summary.csv, forks.csv) as a DataFrame, each column of the type its metadata gives
    it; an error names the file when it is missing, unreadable, without one of `required_columns`, or without rows."""
    if not path.is_file():
        raise ResultsError(path, "is missing")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ResultsError(path, f"is not a readable CSV ({str(error).strip()})") from None
    missing = [column for column in required_columns if column not in table.columns]
    if missing:
        raise ResultsError(path, f"missing column {', '.join(missing)} (has: {', '.join(table.columns)})")
    if table.empty:
        raise ResultsError(path, "has a header but no trial rows")
    datatypes = column_datatypes(path)
    for column in table.columns:
        datatype = datatypes.get(column) if datatypes is not None else datatype_of(table[column])
        if datatype in NUMERIC_DATATYPES:
            table[column] = numeric_column(table[column], column, path)
        elif datatype == "boolean":
            table[column] = boolean_column(table[column], column, path)
    return table


def column_datatypes(table):
    """Each column's CSVW datatype, by name, from the metadata the harness writes beside a table; None for a table
    written before it did, whose types are then read off its values."""
    metadata_path = table.with_name(table.name + TABLE_METADATA_SUFFIX)
    if not metadata_path.is_file():
        return None
    metadata = read_json(metadata_path, dict)
    try:
        return {column["name"]: column["datatype"] for column in metadata["tableSchema"]["columns"]}
    except (KeyError, TypeError):
        raise ResultsError(metadata_path, "is not CSVW table metadata (tableSchema.columns, each with a name and"
                                          " a datatype)") from None


def datatype_of(values):
    """A column's type read off its values, for a table without metadata: numbers if every value is one, booleans
    if every value is true or false, text otherwise."""
    present = values.dropna()
    if present.empty:
        return "string"
    if pd.to_numeric(present, errors="coerce").notna().all():
        return "double"
    if present.str.strip().str.lower().isin(["true", "false"]).all():
        return "boolean"
    return "string"


def numeric_column(values, column, path):
    """A column as floats (blank = not measured); a non-blank value that is no number is an error."""
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna() & values.notna()
    if bad.any():
        first = bad.idxmax()
        raise ResultsError(path, f"row {first + 2}, column {column}: {values[first]!r} is not a number")
    return numbers


def boolean_column(values, column, path):
    """A column of Java booleans (true, false; blank = not a service step) as pandas' nullable booleans."""
    words = values.str.strip().str.lower()
    bad = words.notna() & ~words.isin(["true", "false"])
    if bad.any():
        first = bad.idxmax()
        raise ResultsError(path, f"row {first + 2}, column {column}: {values[first]!r} is neither true nor false")
    return words.map({"true": True, "false": False}).astype("boolean")


def closed_loop(summary):
    """The rows of closed-loop trials: every row but service mode's steps and knees."""
    return summary[~summary["benchmark"].isin(OPEN_LOOP)]


def caption(meta):
    """The line under every chart: which machine, JDK, date and profile the numbers belong to."""
    jdk = meta.get("jdk") or {}
    started = str(meta.get("started_at") or "unknown date")[:10]
    commit = str(meta.get("git_commit") or "")[:10]
    parts = [f"{meta.get('cores', '?')} cores, {meta.get('cpu_model', 'unknown CPU')}",
             f"JDK {jdk.get('version', '?')} ({jdk.get('vendor', '?')})",
             started, f"profile {meta.get('profile', '?')}"]
    if commit:
        parts.append(f"commit {commit}")
    return " · ".join(parts)
