package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.recording.Slowdown;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * meta.json of an interrupted run says so, whatever the run's own thread records after the hook: CI's interrupt
 * check once found a SIGTERM during the server's self-check recorded as the self-check's failure, the run's thread
 * having written meta.json after the hook, its server stopped under it.
 */
class RunMetaTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptedRunStaysInterruptedWhateverItsOwnThreadRecordsAfter() throws Exception {
        Plan plan = Plan.of(Profile.QUICK, JmhArguments.parse(List.of()),
                new Machine(2, SystemLimits.unlimited(), range -> range / 1e6, null), false);
        RunMeta meta = new RunMeta(Profile.QUICK, List.of("--profile", "quick"), plan, null, Slowdown.NONE);

        meta.interrupted(List.of());
        meta.write(dir);
        meta.stoppedBeforeTheTrials("server self-check failed: unexpected end of stream");
        meta.finished(null);
        meta.write(dir);

        JsonNode written = new ObjectMapper().readTree(dir.resolve("meta.json").toFile());
        assertThat(written.path("stopped_because").asText()).isEqualTo("interrupted (SIGINT or SIGTERM)");
        assertThat(written.path("trials_ok").asInt()).isZero();
        assertThat(written.path("finished_at").asText()).isNotBlank();
    }

    @Test
    void aRunThatStoppedBeforeItsTrialsSaysWhy() throws Exception {
        Plan plan = Plan.of(Profile.QUICK, JmhArguments.parse(List.of()),
                new Machine(2, SystemLimits.unlimited(), range -> range / 1e6, null), false);
        RunMeta meta = new RunMeta(Profile.QUICK, List.of("--profile", "quick"), plan, null, Slowdown.NONE);

        meta.stoppedBeforeTheTrials("no server answers at http://127.0.0.1:1");
        meta.write(dir);

        JsonNode written = new ObjectMapper().readTree(dir.resolve("meta.json").toFile());
        assertThat(written.path("stopped_because").asText()).isEqualTo("no server answers at http://127.0.0.1:1");
    }
}
