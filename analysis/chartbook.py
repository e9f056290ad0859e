"""The charts of a results folder, by name, and the chart book that draws and saves them: what the notebook calls,
and what CI's check (check_charts.py) reads back."""

import json
from pathlib import Path

import matplotlib

from analysis.charts_cost import plot_footprint, plot_pool_scan, plot_threads_and_cpu
from analysis.charts_scenarios import plot_article_table, plot_cpu_io_mix
from analysis.charts_service import plot_service_knee, plot_service_response
from analysis.charts_time import plot_latency_spectrum, plot_ratio_heatmap, plot_wall_time
from analysis.figures import ChartSkipped
from analysis.findings import write_findings
from analysis.loading import caption

CHARTS = ("1_wall_time", "2_ratio_heatmap", "3_latency_spectrum", "4_article_table", "5_cpu_io_mix",
          "6_footprint", "7_threads_and_cpu", "8_pool_scan", "9_service_response", "10_service_knee")
PLOTS = dict(zip(CHARTS, (plot_wall_time, plot_ratio_heatmap, plot_latency_spectrum, plot_article_table,
                          plot_cpu_io_mix, plot_footprint, plot_threads_and_cpu, plot_pool_scan,
                          plot_service_response, plot_service_knee)))


def save_chart(fig, charts_dir, name):
    """Writes name.png and name.svg.

    SVG element ids are random unless salted, and SVGs carry a date unless told not to: both are fixed so
    that a committed chart diffs only when its data changed.
    """
    charts_dir = Path(charts_dir)
    charts_dir.mkdir(parents=True, exist_ok=True)
    png, svg = charts_dir / f"{name}.png", charts_dir / f"{name}.svg"
    fig.savefig(png, format="png", dpi=130, bbox_inches="tight", metadata={"Software": None})
    with matplotlib.rc_context({"svg.hashsalt": "fanout-charts"}):
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    return [png, svg]


class ChartBook:
    """Draws each chart that applies, saves it, and records what was written or skipped in index.json; writes the
    findings table (findings.md) beside them.

    CI's check (analysis/check_charts.py) reads that index to know which files the run must have.
    """

    def __init__(self, results):
        self.results = results
        self.written = {}
        self.skipped = {}
        self.findings = None

    def draw(self, name):
        """Draws and saves chart name; returns its PNG path, or None when it does not apply (printed)."""
        try:
            fig = PLOTS[name](self.results)
        except ChartSkipped as skipped:
            print(f"{name}: {skipped}")
            self.skipped[name] = str(skipped)
            self.write_index()
            return None
        paths = save_chart(fig, self.results.charts_dir, name)
        self.written[name] = [path.name for path in paths]
        self.write_index()
        return paths[0]

    def write_findings(self):
        """Writes charts/findings.md (findings.py) and lists it in index.json; returns its path."""
        path = write_findings(self.results)
        self.findings = path.name
        self.write_index()
        return path

    def write_index(self):
        index = {"results_dir": str(self.results.directory), "caption": caption(self.results.meta),
                 "written": self.written, "skipped": self.skipped}
        if self.findings:
            index["findings"] = self.findings
        self.results.charts_dir.mkdir(parents=True, exist_ok=True)
        (self.results.charts_dir / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
