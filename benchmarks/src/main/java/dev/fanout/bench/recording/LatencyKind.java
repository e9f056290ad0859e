package dev.fanout.bench.recording;

import dev.fanout.bench.suite.Setting;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The latencies a trial records, one HdrHistogram log each (and, merged, one percentile file): the one list that the
 * fork writing them, the launcher merging them and the results' file names all read.
 */
public enum LatencyKind {
    /** Each request, from hand-over to the client to its checked response. */
    REQUEST(".request", "request", false),
    /** Each fan-out; in service mode from its intended start: its response time. */
    OP(".op", "op", false),
    /** Service mode: each fan-out from its actual start. */
    SERVICE(".service", "service", true),
    /** Service mode: how late each fan-out started. */
    LATENESS(".lateness", "start lateness", true);

    private final String suffix;
    private final String description;
    private final boolean serviceOnly;

    LatencyKind(String suffix, String description, boolean serviceOnly) {
        this.suffix = suffix;
        this.description = description;
        this.serviceOnly = serviceOnly;
    }

    /** The kinds a trial of {@code setting} records. */
    public static List<LatencyKind> of(Setting setting) {
        return Arrays.stream(values()).filter(kind -> !kind.serviceOnly || setting.inServiceMode()).toList();
    }

    /** What the log's header says it holds. */
    String description() {
        return description;
    }

    /** The interval log beside {@code stem}, e.g. {@code <stem>.op.hlog}. */
    Path log(Path stem) {
        return ResultsLayout.sibling(stem, suffix + ".hlog");
    }

    /** The percentile distribution beside {@code stem}, e.g. {@code <stem>.op.hgrm}. */
    Path percentiles(Path stem) {
        return ResultsLayout.sibling(stem, suffix + ".hgrm");
    }
}
