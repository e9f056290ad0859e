package dev.fanout.bench.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The launcher's side of the fork records: adds up what every fork of a trial wrote under {@code forks/},
 * writes the trial's histogram files under {@code hdr/}, and removes the fork files it merged.
 */
public final class TrialMerger {
    private TrialMerger() {
    }

    /** Merges every trial found under {@code forks/} of {@code resultsDir}, in file-name order. */
    public static List<MergedTrial> mergeAll(Path resultsDir) {
        Path forks = resultsDir.resolve("forks");
        if (!Files.isDirectory(forks)) {
            return List.of();
        }
        Map<Path, List<Path>> recordsByTrial = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(forks)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .forEach(f -> recordsByTrial.computeIfAbsent(f.getParent(), d -> new ArrayList<>()).add(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fork records under " + forks, e);
        }
        List<MergedTrial> merged = new ArrayList<>();
        for (List<Path> records : recordsByTrial.values()) {
            merged.add(merge(resultsDir, records));
        }
        deleteTree(forks);
        return merged;
    }

    /**
     * Removes what forks wrote and no trial merged: the staging of a trial that an interruption cut short.
     */
    public static void discardUnmerged(Path resultsDir) {
        Path forks = resultsDir.resolve("forks");
        if (Files.isDirectory(forks)) {
            deleteTree(forks);
        }
    }

    private static MergedTrial merge(Path resultsDir, List<Path> recordFiles) {
        List<ForkRecord> records = new ArrayList<>();
        List<Histogram> opIntervals = new ArrayList<>();
        List<Histogram> requestIntervals = new ArrayList<>();
        List<Histogram> serviceIntervals = new ArrayList<>();
        List<Histogram> latenessIntervals = new ArrayList<>();
        boolean recording = true;
        for (Path file : recordFiles) {
            ForkRecord record = read(file);
            records.add(record);
            recording &= record.recording();
            if (record.recording()) {
                Path stem = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", ""));
                opIntervals.addAll(readLog(ResultsLayout.sibling(stem, ".op.hlog")));
                requestIntervals.addAll(readLog(ResultsLayout.sibling(stem, ".request.hlog")));
                serviceIntervals.addAll(readLog(ResultsLayout.sibling(stem, ".service.hlog")));
                latenessIntervals.addAll(readLog(ResultsLayout.sibling(stem, ".lateness.hlog")));
            }
        }
        TrialSpec spec = records.get(0).spec();
        boolean service = spec.setting().inServiceMode();
        Map<String, Object> details = new LinkedHashMap<>();
        records.forEach(r -> details.putAll(r.details()));
        Histogram ops = null;
        Histogram requests = null;
        Histogram serviceTimes = null;
        Histogram lateness = null;
        if (recording) {
            Path stem = resultsDir.resolve(ResultsLayout.histograms(spec.setting()));
            ops = HistogramFiles.total(opIntervals);
            requests = HistogramFiles.total(requestIntervals);
            try {
                HistogramFiles.writeLog(ResultsLayout.sibling(stem, ".request.hlog"), "request", requestIntervals);
                HistogramFiles.writeLog(ResultsLayout.sibling(stem, ".op.hlog"), "op", opIntervals);
                HistogramFiles.writePercentiles(ResultsLayout.sibling(stem, ".request.hgrm"), requests);
                HistogramFiles.writePercentiles(ResultsLayout.sibling(stem, ".op.hgrm"), ops);
                if (service) {
                    serviceTimes = HistogramFiles.total(serviceIntervals);
                    lateness = HistogramFiles.total(latenessIntervals);
                    HistogramFiles.writeLog(ResultsLayout.sibling(stem, ".service.hlog"), "service", serviceIntervals);
                    HistogramFiles.writeLog(ResultsLayout.sibling(stem, ".lateness.hlog"), "start lateness",
                            latenessIntervals);
                    HistogramFiles.writePercentiles(ResultsLayout.sibling(stem, ".service.hgrm"), serviceTimes);
                    HistogramFiles.writePercentiles(ResultsLayout.sibling(stem, ".lateness.hgrm"), lateness);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write histograms of " + spec.setting().label(), e);
            }
        }
        return new MergedTrial(spec, records.size(),
                records.stream().mapToLong(ForkRecord::ops).sum(),
                records.stream().mapToLong(ForkRecord::requests).sum(),
                records.stream().mapToLong(ForkRecord::errors).sum(),
                records.stream().map(ForkRecord::firstError).filter(e -> e != null).findFirst().orElse(null),
                records.stream().mapToDouble(ForkRecord::serverCpuMs).sum(),
                records.stream().mapToLong(ForkRecord::serverRequests).sum(),
                ops, requests, serviceTimes, lateness,
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
