package dev.fanout.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.fanout.bench.compare.Fixtures.aa1;
import static dev.fanout.bench.compare.Fixtures.aa2;
import static dev.fanout.bench.compare.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExportersTest {

    private static final String VIRTUAL = "scratch.FanOut.fetchN [latencyMs=2;model=virtual;n=8]";

    @Test
    void githubActionBenchmarkGetsOneSmallerIsBetterArray() {
        Fixtures.Outcome result = run(aa1(), aa2(), "--export", "github-action-benchmark");

        assertThat(result.exitCode()).isZero();
        JsonNode entries = Fixtures.json(result.out());
        List<String> names = new ArrayList<>();
        entries.forEach(e -> names.add(e.get("name").asText()));
        assertThat(names).containsExactly(
                "scratch.Hash.sha256 (thrpt)",
                "scratch.FanOut.fetchN [latencyMs=2;model=fixed_pool;n=8] (avgt)",
                "scratch.FanOut.fetchN [latencyMs=2;model=fixed_pool;n=8] (avgt) ratio_to_ideal",
                VIRTUAL + " (avgt)",
                VIRTUAL + " (avgt) ratio_to_ideal");
        // 1.43M ops/s becomes about 700 ns/op, so one file can hold every benchmark.
        JsonNode sha = entries.get(0);
        assertThat(sha.get("unit").asText()).isEqualTo("ns/op");
        assertThat(sha.get("value").asDouble()).isBetween(600.0, 800.0);
        assertThat(sha.get("extra").asText()).contains("reciprocal of");
        assertThat(entries.get(3).get("unit").asText()).isEqualTo("ms/op");
        assertThat(entries.get(3).get("value").asDouble()).isCloseTo(2.26, within(0.05));
        assertThat(entries.get(3).get("range").asText()).startsWith("± ");
    }

    @Test
    void bencherGetsLatencyInNanosThroughputInOpsPerSecondAndParamsInNames(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("bmf.json");

        Fixtures.Outcome result = run(aa1(), aa2(), "--export", "bencher", "--export-file", file);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("No regression");
        JsonNode bmf = Fixtures.json(Files.readString(file));
        assertThat(bmf.has("scratch.FanOut.fetchN [latencyMs=2;model=fixed_pool;n=8]")).isTrue();
        JsonNode latency = bmf.get(VIRTUAL).get("latency");
        assertThat(latency.get("value").asDouble()).isCloseTo(2.26e6, within(0.05e6));
        assertThat(latency.get("lower_value").asDouble()).isLessThanOrEqualTo(latency.get("value").asDouble());
        assertThat(latency.get("upper_value").asDouble()).isGreaterThanOrEqualTo(latency.get("value").asDouble());
        assertThat(bmf.get(VIRTUAL).get("ratio-to-ideal").get("value").asDouble()).isCloseTo(1.13, within(0.03));
        assertThat(bmf.get("scratch.Hash.sha256").get("throughput").get("value").asDouble()).isGreaterThan(1e6);
    }
}
