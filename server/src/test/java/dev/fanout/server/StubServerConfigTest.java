package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StubServerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        StubServerConfig d = StubServerConfig.defaults();
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isEqualTo(8000);
        assertThat(d.ioThreads()).isEqualTo(Math.min(1024, 4 * Runtime.getRuntime().availableProcessors()));
        assertThat(d.defaultDelayMs()).isEqualTo(1000);
        assertThat(d.maxDelayMs()).isEqualTo(60_000);
        assertThat(d.seed()).isNull();
        assertThat(d.headerTimeoutMs()).isEqualTo(10_000);
        assertThat(d.maxConnections()).as("as many as the file descriptors allow, worked out at start").isNull();
        assertThat(d.h2c()).as("HTTP/2 in cleartext beside HTTP/1.1").isTrue();
        assertThat(d.maxStreams()).as("no limit on an HTTP/2 connection's streams").isNull();
    }

    @Test
    void withersChangeOneField() {
        StubServerConfig c = StubServerConfig.defaults()
                .withHost("0.0.0.0").withPort(0).withIoThreads(4).withMaxDelayMs(5_000).withDefaultDelayMs(10).withSeed(7L)
                .withHeaderTimeoutMs(500).withMaxConnections(3).withSlowByPercent(15).withH2c(false).withMaxStreams(100);
        assertThat(c).isEqualTo(new StubServerConfig("0.0.0.0", 0, 4, 10, 5_000, 7L, 500, 3, 15, false, 100));
    }

    @Test
    void invalidValuesAreRejectedWithTheirName() {
        StubServerConfig d = StubServerConfig.defaults();
        assertThatThrownBy(() -> d.withHost(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> d.withPort(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> d.withSlowByPercent(-5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slowByPercent");
        assertThatThrownBy(() -> d.withMaxStreams(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxStreams");
        assertThatThrownBy(() -> d.withSlowByPercent(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slowByPercent");
        assertThatThrownBy(() -> d.withPort(65_536)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
        assertThatThrownBy(() -> d.withIoThreads(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ioThreads");
        assertThatThrownBy(() -> d.withDefaultDelayMs(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultDelayMs");
        assertThatThrownBy(() -> d.withDefaultDelayMs(60_001)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelayMs (60000 ms)");
        assertThatThrownBy(() -> d.withMaxDelayMs(999)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultDelayMs");
        assertThatThrownBy(() -> d.withMaxDelayMs(StubServerConfig.MAX_DELAY_LIMIT_MS + 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelayMs");
        assertThatThrownBy(() -> d.withHeaderTimeoutMs(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headerTimeoutMs");
        assertThatThrownBy(() -> d.withHeaderTimeoutMs(300_001)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle-connection timeout");
        assertThatThrownBy(() -> d.withMaxConnections(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> d.withMaxConnections(1_000_001)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
    }
}
