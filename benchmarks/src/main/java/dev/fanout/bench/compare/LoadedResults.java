package dev.fanout.bench.compare;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything read from one results folder (or bare jmh.json), keyed in the order JMH wrote it.
 *
 * @param hasSummary false when no summary.csv sat beside jmh.json: labels fall back to method names and no
 *                   ratio_to_ideal can be computed
 */
public record LoadedResults(Path jmhJson, Map<BenchmarkKey, BenchmarkRun> runs, boolean hasSummary) {
}
