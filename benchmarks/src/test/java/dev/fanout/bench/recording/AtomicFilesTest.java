package dev.fanout.bench.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aResultFileIsWrittenWholeAndReadableByWhoeverMayReadAnyOtherFile() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path result = dir.resolve("summary.csv");

        AtomicFiles.write(result, out -> out.write("a,b\n".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(result, out -> out.write("c,d\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(result).hasContent("c,d");
        assertThat(Files.getPosixFilePermissions(result)).isEqualTo(Files.getPosixFilePermissions(plain));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("plain.txt", "summary.csv");
        }
    }
}
