package dev.fanout.bench.recording;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The draws of a trial ({@link Draw}): its forks when it ran several, each a launch of its own, its only fork's
 * measured iterations otherwise. JMH's scores and the forks' own records are paired in the order the forks ran; where
 * they cannot be (a fork failed and JMH kept no score of it), there are no draws, and the row gives the pooled
 * figures without intervals.
 *
 * @param over {@code forks}, {@code iterations}, or null for no draws
 */
record TrialDraws(String over, List<Draw> draws) {
    static final String FORKS = "forks";
    static final String ITERATIONS = "iterations";
    static final TrialDraws NONE = new TrialDraws(null, List.of());

    static TrialDraws of(MergedTrial trial, TrialScores scores) {
        List<MergedTrial.Fork> forks = trial.forks();
        if (forks.size() != scores.forks().size() || forks.isEmpty()) {
            return NONE;
        }
        if (forks.size() > 1) {
            List<Draw> draws = new ArrayList<>();
            for (int i = 0; i < forks.size(); i++) {
                ForkRecord record = forks.get(i).record();
                TrialScores.Fork score = scores.forks().get(i);
                Histogram ops = forks.get(i).opIntervals().isEmpty() ? null
                        : HistogramFiles.total(forks.get(i).opIntervals());
                draws.add(new Draw(score.meanMs(), ops, score.footprint().cpuMsPerOp(), score.footprint().jitCpuMsPerOp(),
                        record.serverCpuMsByIteration().isEmpty() ? null : record.serverCpuMs(),
                        record.serverRequestsByIteration().isEmpty() ? null : record.serverRequests(),
                        record.serverLatenessP99Ms(),
                        record.measuredCpu() == null ? null : record.measuredCpu().stealPercent()));
            }
            return new TrialDraws(FORKS, draws);
        }
        return iterationsOf(forks.get(0), scores.forks().get(0));
    }

    /** The measured iterations of a trial's only fork, each with what was recorded of it; NONE if they do not pair. */
    private static TrialDraws iterationsOf(MergedTrial.Fork fork, TrialScores.Fork score) {
        ForkRecord record = fork.record();
        int n = score.iterations().size();
        boolean opsPair = fork.opIntervals().isEmpty() || fork.opIntervals().size() == n;
        boolean serverPairs = record.serverCpuMsByIteration().isEmpty() || record.serverCpuMsByIteration().size() == n;
        if (n == 0 || !opsPair || !serverPairs) {
            return NONE;
        }
        List<Draw> draws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TrialScores.Iteration iteration = score.iterations().get(i);
            boolean serverTold = !record.serverCpuMsByIteration().isEmpty();
            draws.add(new Draw(iteration.meanMs(), fork.opIntervals().isEmpty() ? null : fork.opIntervals().get(i),
                    iteration.footprint().cpuMsPerOp(), iteration.footprint().jitCpuMsPerOp(),
                    serverTold ? record.serverCpuMsByIteration().get(i) : null,
                    serverTold ? record.serverRequestsByIteration().get(i) : null, null, null));
        }
        return new TrialDraws(ITERATIONS, draws);
    }
}
