"""The rows as the charts draw them: the fan-out table and its labels, the facets, the I/O percentiles."""

import math
import unittest

from analysis.loading import load_results
from analysis.style import series_styles
from analysis.tables import cpu_io_percentiles, facet_clients, facet_rows, fan_out_table, variant_label
from analysis.tests import synthetic
from analysis.tests.synthetic import RESULTS, copy_results, summary_frame


class FanOutTableTest(unittest.TestCase):
    def test_keeps_failed_rows_and_labels_pool_sizes(self):
        table = fan_out_table(load_results(RESULTS).summary)
        self.assertEqual(len(table), 15)
        self.assertEqual(table["ok"].sum(), 14)
        failed = table[~table["ok"]].iloc[0]
        self.assertEqual((failed["series"], failed["n"], failed["status"]), ("virtual_threads", 100, "FAIL"))
        self.assertIn("fixed_pool k=64", set(table["series"]))

    def test_takes_the_ideal_and_the_ratio_as_the_harness_wrote_them(self):
        summary = summary_frame(model=["fixed_pool", "virtual_threads"], n=[100, 50], concurrency=[8, 50],
                                k=[8, 0], mean_ms=[1950.0, 150.0], ideal_ms=[math.nan, 100.0],
                                ratio_to_ideal=[math.nan, 1.6])
        table = fan_out_table(summary).set_index("model")
        self.assertTrue(math.isnan(table.loc["fixed_pool", "ideal_ms"]), "a blank ideal stays blank")
        self.assertEqual(table.loc["virtual_threads", "ratio_to_ideal"], 1.6)

    def test_series_tell_cpu_pools_and_an_unusual_latency_apart(self):
        summary = summary_frame(model=["virtual_threads"] * 4, n=[10, 10, 10, 10000], cpu_us=[0.0, 200.0, 0.0, 0.0],
                                latency_ms=[100.0, 100.0, 1000.0, 100.0], pools=[1, 1, 1, 100])
        self.assertEqual(list(fan_out_table(summary)["series"]),
                         ["virtual_threads", "virtual_threads pools=100", "virtual_threads L=1000ms",
                          "virtual_threads +200µs CPU"])

    def test_h2c_is_a_series_of_its_own_drawn_dash_dotted_in_its_models_colour(self):
        summary = summary_frame(model=["virtual_threads"] * 2, n=[1000, 1000], protocol=["http1", "h2c"])
        table = fan_out_table(summary)
        styles = series_styles(table)
        self.assertEqual(list(table["series"]), ["virtual_threads", "virtual_threads h2c"])
        self.assertEqual((styles["virtual_threads"].linestyle, styles["virtual_threads h2c"].linestyle), ("-", "-."))
        self.assertEqual(styles["virtual_threads"].color, styles["virtual_threads h2c"].color)

    def test_a_run_made_before_the_protocol_param_is_read_as_http1(self):
        summary = load_results(RESULTS).summary
        self.assertEqual(set(summary["protocol"]), {"http1"})
        self.assertNotIn("h2c", " ".join(fan_out_table(summary)["series"]))

    def test_models_come_in_a_fixed_order_and_the_reference_last(self):
        summary = summary_frame(model=["asyncio", "fixed_pool", "virtual_threads", "sequential"],
                                client=["aiohttp", "okhttp", "okhttp", "okhttp"], k=[0, 64, 0, 0], n=[10] * 4)
        table = fan_out_table(summary)
        self.assertEqual(list(table["series"]), ["sequential", "virtual_threads", "fixed_pool k=64",
                                                 "asyncio (aiohttp)"])
        self.assertEqual(list(table["reference"]), [False, False, False, True])

    def test_a_panel_per_java_client_each_with_the_reference(self):
        summary = summary_frame(model=["asyncio", "async", "async", "async"], n=[10] * 4,
                                client=["aiohttp", "reactor_netty", "okhttp", "jdk"])
        table = fan_out_table(summary)
        self.assertEqual(facet_clients(table), ["okhttp", "jdk", "reactor_netty"])
        self.assertEqual(sorted(facet_rows(table, "jdk")["client"]), ["aiohttp", "jdk"])
        self.assertEqual(facet_clients(table[table["reference"]]), ["aiohttp"])


class VariantLabelTest(unittest.TestCase):
    def test_a_pool_is_labelled_by_its_size_not_by_what_was_in_flight(self):
        row = {"workload": "fixed_pool", "model": "fixed_pool", "client": "okhttp", "concurrency": 10, "k": 64,
               "cpu_us": 0, "latency_ms": 100.0}
        self.assertEqual(variant_label(row, with_latency=False), "fixed_pool k=64")

    def test_cpu_work_and_latency_tell_variants_apart(self):
        row = {"workload": "virtual_threads", "model": "virtual_threads", "client": "jdk", "concurrency": 1000,
               "k": 0, "cpu_us": 200, "latency_ms": 10.0}
        self.assertEqual(variant_label(row, with_latency=True), "virtual_threads +200µs CPU L=10ms")

    def test_the_reference_names_its_client(self):
        row = {"workload": "asyncio", "model": "asyncio", "client": "aiohttp", "k": 0, "cpu_us": 0,
               "latency_ms": 100.0}
        self.assertEqual(variant_label(row, with_latency=False), "asyncio (aiohttp)")


class CpuIoPercentilesTest(unittest.TestCase):
    def test_cpu_io_mix_shows_the_io_tasks_request_percentiles_never_the_ops(self):
        directory = copy_results(self)
        synthetic.add_scenarios(directory)
        mix = cpu_io_percentiles(load_results(directory)).set_index("arrangement")
        self.assertEqual(list(mix.index), ["all_virtual", "io_pool_cpu_pool"])
        self.assertEqual(mix.loc["io_pool_cpu_pool", "p99"], 180.0)
        self.assertEqual(mix.loc["io_pool_cpu_pool", "p99.9"], 190.0)
        self.assertTrue(math.isnan(mix.loc["all_virtual", "p50"]), "blank request columns stay blank")


if __name__ == "__main__":
    unittest.main()
