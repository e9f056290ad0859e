package dev.fanout.bench.recording;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The draws of a trial ({@link Draw}): its forks when several measured, each a launch of its own, its only measuring
 * fork's measured iterations otherwise. JMH's scores and the forks' own records are paired in the order the forks ran,
 * leaving out a fork whose set-up failed (it measured nothing, and JMH kept no score of it); where they still cannot be
 * paired, there are no draws, and the row gives the pooled figures without intervals.
 *
 * @param over {@code forks}, {@code iterations}, or null for no draws
 */
record TrialDraws(String over, List<Draw> draws) {
    static final String FORKS = "forks";
    static final String ITERATIONS = "iterations";
    static final TrialDraws NONE = new TrialDraws(null, List.of());

    static TrialDraws of(MergedTrial trial, TrialScores scores) {
        List<MergedTrial.Fork> forks = trial.measuredForks();
        if (forks.size() != scores.forks().size() || forks.isEmpty()) {
            return NONE;
        }
        if (forks.size() > 1) {
            List<Draw> draws = new ArrayList<>();
            for (int i = 0; i < forks.size(); i++) {
                draws.add(ofFork(forks.get(i), scores.forks().get(i)));
            }
            return new TrialDraws(FORKS, draws);
        }
        return iterationsOf(forks.get(0), scores.forks().get(0));
    }

    /** One fork as a draw: JMH's score of it, and what it recorded itself. */
    static Draw ofFork(MergedTrial.Fork fork, TrialScores.Fork score) {
        ForkRecord record = fork.record();
        return new Draw(score.meanMs(), fork.opIntervals().isEmpty() ? null : HistogramFiles.total(fork.opIntervals()),
                score.footprint().cpuMsPerOp(), score.footprint().jitCpuMsPerOp(),
                record.serverCpuMsByIteration().isEmpty() ? null : record.serverCpuMs(),
                record.serverRequestsByIteration().isEmpty() ? null : record.serverRequests(),
                record.serverLatenessP99Ms(), record.measuredCpu() == null ? null : record.measuredCpu().stealPercent());
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
