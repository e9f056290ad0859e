"""What the chart tests share: the fixture drawn as it is and with made-up rows (tests/synthetic.py), and ways to
read back what a chart drew.

No test looks at pixels: each reads back what a chart drew (its panels, lines, texts and legends), so that it
can tell a failed trial that vanished, a model that changed colour, or an ideal that was recomputed.
"""

import shutil
import tempfile
import unittest
from pathlib import Path

from matplotlib.colors import to_hex

from analysis.loading import load_results
from analysis.tests import synthetic


def panels(fig):
    """The visible panels of a figure that have a title (not the legend column, not a colour bar)."""
    return [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]


def panel(fig, title_part):
    """The one panel whose title holds title_part."""
    found = [ax for ax in panels(fig) if title_part in ax.get_title()]
    assert len(found) == 1, [ax.get_title() for ax in panels(fig)]
    return found[0]


def lines(ax):
    """label -> Line2D of a panel."""
    return {line.get_label(): line for line in ax.get_lines()}


def texts(fig):
    """Every piece of text a figure shows: titles, annotations, cell texts, tick labels, legends."""
    found = [text.get_text() for text in fig.texts]
    for ax in fig.axes:
        found += [ax.get_title()] + [text.get_text() for text in ax.texts]
        found += [label.get_text() for label in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            found += [text.get_text() for text in legend.get_texts()]
    return found


def legend_colours(fig):
    """label -> colour of every legend entry of a figure that is drawn as a line or a patch."""
    colours = {}
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        for handle, text in zip(legend.legend_handles if hasattr(legend, "legend_handles") else legend.legendHandles,
                                legend.get_texts()):
            colour = handle.get_color() if hasattr(handle, "get_color") else handle.get_facecolor()
            colours[text.get_text()] = to_hex(colour)
    return colours


def drawn_tick_labels(axis):
    """The major tick labels an axis shows, in order: those in its view and not blank. The figure must be drawn."""
    low, high = sorted(axis.get_view_interval())
    return [tick.label1 for tick, at in zip(axis.get_major_ticks(), axis.get_majorticklocs())
            if low <= at <= high and tick.label1.get_visible() and tick.label1.get_text()]


def overlapping_tick_labels(fig):
    """(panel title, label, label) for each two tick labels of one axis whose boxes overlap; the figure must be
    drawn. Labels set at an angle are left out: their boxes overlap where their letters do not."""
    renderer = fig.canvas.get_renderer()
    found = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis) if ax.get_visible() else ():
            labels = [label for label in drawn_tick_labels(axis) if label.get_rotation() == 0]
            found += [(ax.get_title(), first.get_text(), second.get_text())
                      for i, first in enumerate(labels) for second in labels[i + 1:]
                      if first.get_window_extent(renderer).overlaps(second.get_window_extent(renderer))]
    return found


class DrawnRuns(unittest.TestCase):
    """The fixture as it is, and with every kind of row the reference run will have."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        cls.fixture_dir = Path(cls.scratch.name) / "fixture"
        cls.everything_dir = Path(cls.scratch.name) / "everything"
        shutil.copytree(synthetic.RESULTS, cls.fixture_dir)
        shutil.copytree(synthetic.RESULTS, cls.everything_dir)
        synthetic.add_everything(cls.everything_dir)
        cls.fixture = load_results(cls.fixture_dir)
        cls.everything = load_results(cls.everything_dir)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()


def intervals(ax, horizontal=False):
    """label -> [(at, low, high), ...] of the error bars a panel draws (figures.draw_interval): at is x, or y for
    bars across horizontal bars."""
    found = {}
    for collection in ax.collections:
        label = collection.get_label()
        if label.endswith(": interval"):
            found[label] = [(segment[0][1 if horizontal else 0], segment[0][0 if horizontal else 1],
                             segment[1][0 if horizontal else 1]) for segment in collection.get_segments()]
    return found


class IntervalRuns(DrawnRuns):
    """DrawnRuns, and the run with every kind of row as a run with intervals writes it (synthetic.add_intervals)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.intervals_dir = Path(cls.scratch.name) / "intervals"
        shutil.copytree(cls.everything_dir, cls.intervals_dir)
        synthetic.add_intervals(cls.intervals_dir)
        cls.with_intervals = load_results(cls.intervals_dir)
        cls.rows = cls.with_intervals.summary.set_index("trial")
