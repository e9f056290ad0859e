package dev.fanout.bench.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlowdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whatTheLauncherWritesIsWhatCompareReads() throws Exception {
        Slowdown slowdown = new Slowdown(12.5, 30);
        String meta = JSON.writeValueAsString(Map.of(Slowdown.META_FIELD, slowdown.asMeta(), "profile", "ci"));

        assertThat(Slowdown.fromMeta(JSON.readTree(meta))).isEqualTo(slowdown);
    }

    @Test
    void aRunFromBeforeTheFieldWasNotSlowed() throws Exception {
        Slowdown none = Slowdown.fromMeta(JSON.readTree("{\"profile\": \"default\"}"));

        assertThat(none).isEqualTo(Slowdown.NONE);
        assertThat(none.slows()).isFalse();
        assertThat(new Slowdown(0, 1).slows()).isTrue();
    }

    @Test
    void aNegativeSlowdownIsRefusedWhereverItComesFrom() {
        assertThatThrownBy(() -> new Slowdown(-1, 0)).hasMessageContaining("0% or more");
        assertThatThrownBy(() -> Slowdown.fromMeta(JSON.readTree("{\"slowdown\": {\"client_by_us\": -5}}")))
                .hasMessageContaining("got -5");
    }
}
