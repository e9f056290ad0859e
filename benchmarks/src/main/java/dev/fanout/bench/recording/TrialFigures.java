package dev.fanout.bench.recording;

/**
 * A trial's figures as one draw of it measured them ({@link Draw}): its op times, the CPU per request, the bounds no
 * op can beat ({@link TightBound}) and its ratios to them. A trial's row gives each figure's median over its draws,
 * with an interval ({@link Spread}); forks.csv gives each fork's own.
 */
record TrialFigures(Double meanMs, Double p50Ms, Double p99Ms, Double clientCpuUsPerRequest,
                    Double serverCpuUsPerRequest, TightBound bound, Double ratioToIdeal, Double ratioToBound,
                    Double jitCpuMsPerOp, Double serverLatenessP99Ms, Double stealPercent) {

    static TrialFigures of(Draw draw, TrialSpec spec, int cores) {
        int n = spec.setting().n();
        TightBound bound = TightBound.of(spec, draw.cpuMsPerOp(), draw.serverCpuUsPerRequest(), cores);
        Double mean = draw.meanMs();
        boolean recorded = draw.opMicros() != null && draw.opMicros().getTotalCount() > 0;
        return new TrialFigures(mean,
                recorded ? millis(draw.opMicros().getValueAtPercentile(50)) : null,
                recorded ? millis(draw.opMicros().getValueAtPercentile(99)) : null,
                draw.cpuMsPerOp() == null ? null : draw.cpuMsPerOp() * 1000 / n,
                draw.serverCpuUsPerRequest(),
                bound,
                mean == null ? null : mean / spec.idealMs(),
                mean == null ? null : mean / bound.ms(),
                draw.jitCpuMsPerOp(), draw.serverLatenessP99Ms(), draw.stealPercent());
    }

    private static double millis(long micros) {
        return micros / HistogramFiles.MICROS_PER_MILLI;
    }
}
