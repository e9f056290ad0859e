package dev.fanout.bench.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

    /**
     * A file named near the system's limit can be written: a service step's pinning report, named by every JMH param,
     * came to 233 characters, and its temporary file, named after it, passed 255 ("File name too long").
     */
    @Test
    void aFileNamedNearTheSystemsLimitIsWritten() throws IOException {
        Path result = dir.resolve("p".repeat(240) + ".json");

        AtomicFiles.write(result, out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(result).hasContent("{}");
    }

    /** On a full disk the old file stays as it was, no half-written temporary file is left, and the error says why. */
    @Test
    void aFullDiskLeavesTheFileAsItWasAndSaysSoInTheSystemsWords() throws Exception {
        Optional<SmallDisk> mounted = SmallDisk.mount(dir.resolve("disk"), 64);
        assumeTrue(mounted.isPresent(), "this machine does not let the tests mount a tmpfs");
        try (SmallDisk disk = mounted.get()) {
            Path result = disk.root().resolve("summary.csv");
            AtomicFiles.write(result, out -> out.write("a,b\n".getBytes(StandardCharsets.UTF_8)));
            disk.fill();

            // Printed through a PrintStream, as HdrHistogram's and JMH's writers do: it swallows the failure itself.
            assertThatThrownBy(() -> AtomicFiles.write(result, out -> new java.io.PrintStream(out).print("c,d\n".repeat(50_000))))
                    .isInstanceOf(CannotWriteException.class)
                    .hasMessage("cannot write " + result + ": No space left on device");

            assertThat(result).hasContent("a,b");
            assertThat(disk.list()).containsExactly("filler", "summary.csv");
        }
    }

    @Test
    void aFolderThatCannotBeMadeIsNamedWithTheSystemsReason() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path result = file.resolve("summary.csv");

        assertThatThrownBy(() -> AtomicFiles.write(result, out -> out.write('x')))
                .isInstanceOf(CannotWriteException.class)
                .hasMessageStartingWith("cannot write " + result + ": ")
                .hasMessageNotContaining("java.");
    }
}
