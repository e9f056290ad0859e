package dev.fanout.bench.recording;

import dev.fanout.bench.suite.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The launcher's side of the fork records: adds up what every fork of a trial wrote under {@code forks/},
 * writes the trial's histogram files under {@code hdr/}, and removes the fork files it merged. A trial is merged once
 * its last fork has run, which in a run that interleaves the trials' forks comes after other trials' first forks.
 */
public final class TrialMerger {
    private TrialMerger() {
    }

    /**
     * Merges what the forks of the trial of {@code setting} wrote under {@code forks/} of {@code resultsDir}, and removes
     * it; other trials' records, staged for forks still to come (an interleaved run), stay.
     *
     * @return the merged trial, or empty when none of its forks recorded
     * @throws CannotWriteException when the trial's histogram files cannot be written
     */
    public static Optional<MergedTrial> merge(Path resultsDir, Setting setting) throws IOException {
        Path trialForks = ResultsLayout.forkFiles(resultsDir, setting);
        if (!Files.isDirectory(trialForks)) {
            return Optional.empty();
        }
        List<Path> records;
        try (Stream<Path> files = Files.list(trialForks)) {
            records = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fork records under " + trialForks, e);
        }
        Optional<MergedTrial> merged = records.isEmpty() ? Optional.empty()
                : Optional.of(merge(resultsDir, trialForks, records));
        deleteTree(trialForks);
        removeEmptyFolders(trialForks.getParent(), ResultsLayout.forkRecords(resultsDir));
        return merged;
    }

    /**
     * Removes what forks wrote and no trial merged: the staging of a trial that an interruption cut short, or of one
     * whose later forks a run that stopped early never ran.
     */
    public static void discardUnmerged(Path resultsDir) {
        Path forks = ResultsLayout.forkRecords(resultsDir);
        if (Files.isDirectory(forks)) {
            deleteTree(forks);
        }
    }

    private static MergedTrial merge(Path resultsDir, Path trialForks, List<Path> recordFiles) throws IOException {
        List<ForkRecord> records = recordFiles.stream().map(TrialMerger::read)
                .sorted(Comparator.comparingInt(ForkRecord::fork)).toList();
        TrialSpec spec = records.get(0).spec();
        boolean recording = records.stream().allMatch(ForkRecord::recording);
        Map<LatencyKind, Histogram> totals = new EnumMap<>(LatencyKind.class);
        List<MergedTrial.Fork> forks = new ArrayList<>();
        for (ForkRecord record : records) {
            Path forkStem = trialForks.resolve("fork-" + record.fork());
            forks.add(new MergedTrial.Fork(record, recording ? readLog(LatencyKind.OP.log(forkStem)) : List.of()));
        }
        if (recording) {
            Path stem = resultsDir.resolve(ResultsLayout.histograms(spec.setting()));
            for (LatencyKind kind : LatencyKind.of(spec.setting())) {
                List<Histogram> intervals = new ArrayList<>();
                records.forEach(r -> intervals.addAll(readLog(kind.log(trialForks.resolve("fork-" + r.fork())))));
                Histogram total = HistogramFiles.total(intervals);
                HistogramFiles.writeLog(kind.log(stem), kind.description(), intervals);
                HistogramFiles.writePercentiles(kind.percentiles(stem), total);
                totals.put(kind, total);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        records.forEach(r -> details.putAll(r.details()));
        return new MergedTrial(spec, forks,
                records.stream().mapToLong(ForkRecord::ops).sum(),
                records.stream().mapToLong(ForkRecord::requests).sum(),
                records.stream().mapToLong(ForkRecord::errors).sum(),
                records.stream().map(ForkRecord::firstError).filter(e -> e != null).findFirst().orElse(null),
                records.stream().mapToDouble(ForkRecord::serverCpuMs).sum(),
                records.stream().mapToLong(ForkRecord::serverRequests).sum(),
                totals.get(LatencyKind.OP), totals.get(LatencyKind.REQUEST), totals.get(LatencyKind.SERVICE),
                totals.get(LatencyKind.LATENESS),
                records.stream().map(ForkRecord::arrivals).reduce(ArrivalCounts.NONE, ArrivalCounts::plus), details);
    }

    private static ForkRecord read(Path file) {
        try {
            return TrialRecorder.JSON.readValue(file.toFile(), ForkRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed fork record " + file, e);
        }
    }

    private static List<Histogram> readLog(Path log) {
        List<Histogram> intervals = new ArrayList<>();
        if (!Files.exists(log)) {
            return intervals;
        }
        try {
            HistogramLogReader reader = new HistogramLogReader(log.toFile());
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                intervals.add((Histogram) h);
            }
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read histogram log " + log, e);
        }
        return intervals;
    }

    /** Removes {@code folder} and each parent up to {@code top}, both included, while it is empty. */
    private static void removeEmptyFolders(Path folder, Path top) {
        for (Path f = folder; f != null && f.startsWith(top); f = f.getParent()) {
            try (Stream<Path> left = Files.list(f)) {
                if (left.findAny().isPresent()) {
                    return;
                }
                Files.delete(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the merged trial's folder " + f, e);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove merged fork records under " + root, e);
        }
    }
}
