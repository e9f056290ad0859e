package dev.fanout.bench.recording;

import dev.fanout.bench.suite.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where each file of a run lives: the contract the launcher, the notebook and {@code compare} read.
 * <pre>
 * jmh.json                                JMH's own JSON results
 * summary.csv                             one row a trial (beside it summary.csv-metadata.json: its columns)
 * forks.csv                               one row a fork of a trial: the draws of its figures
 * meta.json                               machine, JDK, command, server stats
 * hdr/BENCHMARK/STEM.request.hlog|.hgrm   per-request latency (summary.csv's hdr column names BENCHMARK/STEM)
 * hdr/BENCHMARK/STEM.op.hlog|.hgrm        whole-op latency
 * hdr/BENCHMARK/STEM.service.hlog|.hgrm   service mode: each fan-out from its actual start
 * hdr/BENCHMARK/STEM.lateness.hlog|.hgrm  service mode: each fan-out's start lateness (see LatencyKind)
 * forks/BENCHMARK/STEM/                   what each fork wrote, until the launcher merges it into the above
 * tmp/                                    the forks' temporary files (JFR's repository), removed at the end
 * </pre>
 */
public final class ResultsLayout {
    /** The system property that tells a benchmark fork where the run's results go. */
    public static final String RESULTS_DIR_PROPERTY = "fanout.results.dir";

    private ResultsLayout() {
    }

    public static Path jmhJson(Path dir) {
        return dir.resolve("jmh.json");
    }

    public static Path summaryCsv(Path dir) {
        return dir.resolve("summary.csv");
    }

    public static Path metaJson(Path dir) {
        return dir.resolve("meta.json");
    }

    /** forks.csv: each fork's own figures, one row a fork (SummaryColumns.FORK_ROW). */
    public static Path forksCsv(Path dir) {
        return dir.resolve("forks.csv");
    }

    public static Path jmhLog(Path dir) {
        return dir.resolve("jmh.log");
    }

    /** A file written and removed after every trial, to learn whether the folder still takes a trial's files. */
    public static Path writeCheck(Path dir) {
        return dir.resolve(".write-check");
    }

    /**
     * The stem of a trial's histogram files relative to the results folder, as summary.csv's {@code hdr} gives
     * it; add {@code .request.hlog}, {@code .op.hgrm}, ...
     */
    public static String histograms(Setting setting) {
        return "hdr/" + setting.benchmark() + "/" + setting.stem();
    }

    /** Where the forks of every trial write their records until the launcher merges them. */
    public static Path forkRecords(Path dir) {
        return dir.resolve("forks");
    }

    /** Where the forks of a trial write their records until the launcher merges them. */
    public static Path forkFiles(Path dir, Setting setting) {
        return forkRecords(dir).resolve(setting.benchmark()).resolve(setting.stem());
    }

    /**
     * Claims the next number of a trial's forks in {@code trialForks}: JMH runs a trial's forks one after another, and
     * each claims the lowest number no fork before it took, so the numbers follow JMH's own order of the forks.
     */
    public static int claimFork(Path trialForks) throws IOException {
        try {
            Files.createDirectories(trialForks);
            for (int fork = 1; ; fork++) {
                try {
                    Files.createFile(trialForks.resolve("fork-" + fork + ".claimed"));
                    return fork;
                } catch (FileAlreadyExistsException taken) {
                    // an earlier fork's
                }
            }
        } catch (IOException e) {
            throw new CannotWriteException(trialForks, e);
        }
    }

    /** Where the forks keep their temporary files during a run (the launcher removes it at the end). */
    public static Path forkTemp(Path dir) {
        return dir.resolve("tmp");
    }

    /** Removes the forks' temporary files; what a fork still holds open is left for the OS to free. */
    public static void removeForkTemp(Path dir) {
        Path temp = forkTemp(dir);
        if (!Files.isDirectory(temp)) {
            return;
        }
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the forks' temporary files under " + temp, e);
        }
    }

    /** {@code stem} with {@code suffix} appended to its file name. */
    public static Path sibling(Path stem, String suffix) {
        return stem.resolveSibling(stem.getFileName() + suffix);
    }

    /** The results folder a fork was told to write to, or null outside the launcher. */
    public static Path fromSystemProperty() {
        String dir = System.getProperty(RESULTS_DIR_PROPERTY);
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }
}
