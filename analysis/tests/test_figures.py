"""What every chart shares; here, an N axis: labelled at the N values drawn, as many as fit."""

import unittest

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.figures import format_n_axis
from analysis.tests.drawing import drawn_tick_labels, overlapping_tick_labels


def n_axis(width, ns):
    """A drawn figure width inches wide with one panel of ns against N."""
    fig = Figure(figsize=(width, 2.5), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(ns, [1.0] * len(ns), "o")
    format_n_axis(ax, ns)
    FigureCanvasAgg(fig).draw()
    return fig, [label.get_text() for label in drawn_tick_labels(ax.xaxis)]


class NAxisTest(unittest.TestCase):
    def test_labels_the_n_values_drawn_and_no_other(self):
        _, labels = n_axis(4.0, [10, 100, 1000, 10000])
        self.assertEqual(labels, ["10", "100", "1,000", "10,000"])

    def test_close_n_values_leave_labels_out_rather_than_collide(self):
        ns = [10, 500, 900, 1000, 2000, 10000]
        fig, labels = n_axis(3.0, ns)
        self.assertEqual(overlapping_tick_labels(fig), [])
        self.assertEqual(labels[0], "10", "from the lowest N up")
        self.assertLess(len(labels), len(ns))
        self.assertEqual(n_axis(12.0, [10, 500, 1000, 2000, 10000])[1], ["10", "500", "1,000", "2,000", "10,000"],
                         "all of them where there is room")


if __name__ == "__main__":
    unittest.main()
