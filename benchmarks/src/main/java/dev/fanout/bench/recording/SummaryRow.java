package dev.fanout.bench.recording;

import static dev.fanout.bench.recording.SummaryColumns.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fanout.bench.recording.SummaryColumns.Interval;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.workload.ServerUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * One row of summary.csv: one trial, its values set and read by column ({@link SummaryColumns} declares each one and
 * says what it holds). A column without a value is blank in the file.
 */
public final class SummaryRow {
    public static final String OK = "OK";
    public static final String FAIL = "FAIL";
    public static final String INVALID = "INVALID";
    public static final String SHORT = "SHORT";
    /** The {@code benchmark} of a sweep's knee row. */
    public static final String KNEE = "knee";
    /**
     * By default a service step holds while its p99 response time is within this many times the ideal of one fan-out
     * (the launcher's {@code --limit}).
     */
    public static final double DEFAULT_LIMIT_PER_IDEAL = 2;
    /** A step whose achieved rate falls short of its rate by more than this fraction is {@value #SHORT}. */
    public static final double RATE_TOLERANCE = 0.01;

    private final Map<Column<?>, Object> values;

    private SummaryRow(Map<Column<?>, Object> values) {
        this.values = Map.copyOf(values);
    }

    /** This row's value in {@code column}, null when blank. */
    public <T> T get(Column<T> column) {
        return column.cast(values.get(column));
    }

    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /** A builder that starts from this row's values. */
    public Builder toBuilder() {
        return new Builder(new LinkedHashMap<>(values));
    }

    /** Sets a row's values column by column. */
    public static final class Builder {
        private final Map<Column<?>, Object> values;

        private Builder(Map<Column<?>, Object> values) {
            this.values = values;
        }

        /** Sets {@code column} to {@code value}; null leaves it blank. */
        public <T> Builder set(Column<T> column, T value) {
            if (value == null) {
                values.remove(column);
            } else {
                values.put(column, value);
            }
            return this;
        }

        public SummaryRow build() {
            return new SummaryRow(values);
        }
    }

    /**
     * The row of a merged trial: each figure the median over the trial's draws (its forks, or its only fork's
     * iterations), with an interval where the figure has one ({@link Spread}); the percentiles beyond p50 and p99, the
     * counts and the footprint over every measured op. In service mode the figures are the pooled windows', without
     * intervals.
     *
     * @param scores   what JMH (or the asyncio runner) measured of the trial and of each fork
     * @param server   what the server's /stats said after the trial, for a trial whose forks could not read it
     * @param cores    the processors the client and the server share
     * @param limitPerIdeal service mode: how many times the ideal a step's p99 response time may reach and hold
     * @param runOrder the trial's place in its run, from 1
     */
    public static SummaryRow of(MergedTrial trial, TrialScores scores, ServerUsage server, int cores,
                                double limitPerIdeal, int runOrder) {
        TrialSpec spec = trial.spec();
        Setting setting = spec.setting();
        if (setting.inServiceMode()) {
            return serviceStep(trial, scores.footprint(), server, cores, limitPerIdeal, runOrder);
        }
        TrialFigures pooled = TrialFigures.of(pooledDraw(trial, scores, server), spec, cores);
        TrialDraws draws = TrialDraws.of(trial, scores);
        List<TrialFigures> each = draws.draws().stream().map(draw -> TrialFigures.of(draw, spec, cores)).toList();
        Builder row = identity(setting, spec, runOrder)
                .set(OPS, trial.ops())
                .set(REQUESTS, trial.requests())
                .set(ERRORS, trial.errors())
                .set(FORKS, trial.forks().size())
                .set(SPREAD_OVER, draws.over())
                .set(DRAWS, each.isEmpty() ? null : each.size())
                .set(INTERVAL_CONFIDENCE, each.isEmpty() ? null : round(Spread.confidenceFor(each.size()), 4));
        figure(row, MEAN_MS_INTERVAL, each, pooled, TrialFigures::meanMs, 3);
        figure(row, P50_MS_INTERVAL, each, pooled, TrialFigures::p50Ms, 3);
        figure(row, P99_MS_INTERVAL, each, pooled, TrialFigures::p99Ms, 3);
        Percentiles ops = Percentiles.of(trial.opMicros());
        row.set(P90_MS, ops.p90()).set(P999_MS, ops.p999()).set(MAX_MS, ops.max());
        Percentiles.of(trial.requestMicros()).setInto(row, REQUEST_P50_MS, REQUEST_P90_MS, REQUEST_P99_MS,
                REQUEST_P999_MS, REQUEST_MAX_MS);
        figure(row, RATIO_TO_IDEAL_INTERVAL, each, pooled, TrialFigures::ratioToIdeal, 4);
        figure(row, CLIENT_CPU_US_PER_REQUEST_INTERVAL, each, pooled, TrialFigures::clientCpuUsPerRequest, 2);
        figure(row, SERVER_CPU_US_PER_REQUEST_INTERVAL, each, pooled, TrialFigures::serverCpuUsPerRequest, 2);
        // Draws that lack the CPU the whole trial measured (asyncio's iterations: Python's CPU is known over its whole
        // process) would each be held to the latency alone, below the trial's bound: the bound is then the trial's.
        List<TrialFigures> bounded = pooled.bound().cpuMs() != null
                && each.stream().anyMatch(f -> f.bound().cpuMs() == null) ? List.of() : each;
        Double cpuFloor = median(bounded, pooled, f -> f.bound().cpuMs());
        Double latencyCpuFloor = median(bounded, pooled, f -> f.bound().latencyCpuMs());
        TightBound bound = new TightBound(spec.idealMs(), cpuFloor, latencyCpuFloor);
        row.set(IDEAL_MS, spec.idealMs())
                .set(CPU_FLOOR_MS, rounded(cpuFloor, 3))
                .set(LATENCY_CPU_FLOOR_MS, rounded(latencyCpuFloor, 3))
                .set(BOUND_MS, rounded(median(bounded, pooled, f -> f.bound().ms()), 3))
                .set(BOUND, bound.name());
        figure(row, RATIO_TO_BOUND_INTERVAL, bounded, pooled, TrialFigures::ratioToBound, 4);
        Double lowestRatio = (each.isEmpty() ? List.of(pooled) : each).stream().map(TrialFigures::ratioToIdeal)
                .filter(Objects::nonNull).min(Double::compare).orElse(null);
        Double mean = median(each, pooled, TrialFigures::meanMs);
        // A fork whose set-up failed fails the trial too: the trial did not run as planned, and first_error says why.
        String status = trial.errors() > 0 || mean == null || trial.aForkFailedToStart() ? FAIL
                : lowestRatio != null && lowestRatio < 1.0 ? INVALID : OK;
        Footprint footprint = scores.footprint();
        statusAndBesideTime(row, trial, server, footprint, status)
                .set(ALLOC_BYTES_PER_OP, footprint.allocBytesPerOp())
                .set(ALLOC_BYTES_PER_REQUEST, perRequest(footprint.allocBytesPerOp(), setting.n(), 1))
                .set(CPU_MS_PER_OP, footprint.cpuMsPerOp());
        figure(row, JIT_CPU_MS_PER_OP_INTERVAL, each, pooled, TrialFigures::jitCpuMsPerOp, 4);
        row.set(JIT_CPU_US_PER_REQUEST, perRequest(median(each, pooled, TrialFigures::jitCpuMsPerOp), setting.n(), 1000));
        return row.set(STEAL_PERCENT, rounded(median(each, pooled, TrialFigures::stealPercent), 2))
                .set(FIRST_ERROR, trial.firstError())
                .set(DETAILS, json(trial.details()))
                .set(ARTICLE_S, setting.articleSeconds())
                .build();
    }

    /**
     * forks.csv's rows of a merged trial: each measuring fork's own figures, the draws of its row when several measured
     * (a fork whose set-up failed measured nothing and has no row); a trial whose forks still cannot be paired with
     * JMH's scores has none.
     */
    public static List<SummaryRow> forkRows(MergedTrial trial, TrialScores scores, int cores) {
        TrialSpec spec = trial.spec();
        List<MergedTrial.Fork> forks = trial.measuredForks();
        if (spec.setting().inServiceMode() || forks.size() != scores.forks().size()) {
            return List.of();
        }
        List<SummaryRow> rows = new ArrayList<>();
        for (int i = 0; i < forks.size(); i++) {
            ForkRecord record = forks.get(i).record();
            Draw draw = TrialDraws.ofFork(forks.get(i), scores.forks().get(i));
            TrialFigures f = TrialFigures.of(draw, spec, cores);
            rows.add(builder()
                    .set(TRIAL, spec.setting().label())
                    .set(FORK, record.fork())
                    .set(MEASURED_FROM, record.measuredFromEpochMs() == null ? null
                            : Instant.ofEpochMilli(record.measuredFromEpochMs()).toString())
                    .set(OPS, record.ops())
                    .set(ERRORS, record.errors())
                    .set(MEAN_MS, rounded(f.meanMs(), 3))
                    .set(P50_MS, f.p50Ms())
                    .set(P99_MS, f.p99Ms())
                    .set(RATIO_TO_IDEAL, rounded(f.ratioToIdeal(), 4))
                    .set(CLIENT_CPU_US_PER_REQUEST, rounded(f.clientCpuUsPerRequest(), 2))
                    .set(SERVER_CPU_US_PER_REQUEST, rounded(f.serverCpuUsPerRequest(), 2))
                    .set(CPU_FLOOR_MS, rounded(f.bound().cpuMs(), 3))
                    .set(LATENCY_CPU_FLOOR_MS, rounded(f.bound().latencyCpuMs(), 3))
                    .set(BOUND_MS, round(f.bound().ms(), 3))
                    .set(BOUND, f.bound().name())
                    .set(RATIO_TO_BOUND, rounded(f.ratioToBound(), 4))
                    .set(JIT_CPU_MS_PER_OP, rounded(f.jitCpuMsPerOp(), 4))
                    .set(CODE_WARM_UP_MS, record.details().get(ForkRecord.CODE_WARM_UP_MS) instanceof Number ms
                            ? ms.longValue() : null)
                    .set(JIT_SETTLED, (Boolean) record.details().get(ForkRecord.JIT_SETTLED))
                    .set(SERVER_LATENESS_P99_MS, f.serverLatenessP99Ms())
                    .set(STEAL_PERCENT, rounded(f.stealPercent(), 2))
                    .build());
        }
        return rows;
    }

    /** The columns every row of a trial has, service step or not: what was run. */
    private static Builder identity(Setting setting, TrialSpec spec, int runOrder) {
        boolean service = setting.inServiceMode();
        return builder()
                .set(TRIAL, setting.label())
                .set(BENCHMARK, setting.benchmark())
                .set(WORKLOAD, setting.workload().name())
                .set(MODEL, setting.model())
                .set(CLIENT, setting.client().name())
                .set(PROTOCOL, setting.protocol().name())
                .set(POOLS, setting.pools())
                .set(N, setting.n())
                .set(LATENCY_MS, (double) setting.latencyMs())
                .set(K, setting.k())
                .set(CONCURRENCY, spec.concurrency())
                .set(CPU_US, setting.cpuMicros())
                .set(RATE, service ? setting.rate() : null)
                .set(ARRIVALS, service ? (setting.poisson() ? "poisson" : "uniform") : null)
                .set(JMH_BENCHMARK, spec.jmhBenchmark())
                .set(JMH_PARAMS, spec.jmhParams())
                .set(EXECUTOR, spec.executor())
                .set(RUN_ORDER, runOrder);
    }

    /**
     * Everything measured as one draw: JMH's scores over every fork, every op recorded, the server's CPU over every
     * measured iteration (over the whole trial where the forks could not tell it: asyncio) and the steal over them.
     */
    private static Draw pooledDraw(MergedTrial trial, TrialScores scores, ServerUsage server) {
        boolean forksTold = trial.serverRequests() > 0;
        SystemCpu machine = trial.forks().stream().map(fork -> fork.record().measuredCpu()).filter(Objects::nonNull)
                .reduce(SystemCpu::plus).orElse(null);
        Double serverCpuMs = forksTold ? Double.valueOf(trial.serverCpuMs()) : server.cpuMs();
        Long serverRequests = forksTold ? Long.valueOf(trial.serverRequests()) : server.requests();
        return new Draw(scores.meanMs(), trial.opMicros(), scores.footprint().cpuMsPerOp(),
                scores.footprint().jitCpuMsPerOp(), serverCpuMs, serverRequests, null,
                machine == null ? null : machine.stealPercent());
    }

    /** Sets a figure and its interval: over the draws when each has it, the pooled figure alone otherwise. */
    private static void figure(Builder row, Interval interval, List<TrialFigures> each, TrialFigures pooled,
                               Function<TrialFigures, Double> figure, int decimals) {
        List<Double> draws = each.stream().map(figure).toList();
        if (draws.isEmpty() || draws.contains(null)) {
            row.set(interval.figure(), rounded(figure.apply(pooled), decimals));
            return;
        }
        Spread spread = Spread.of(draws.stream().mapToDouble(Double::doubleValue).toArray());
        row.set(interval.figure(), round(spread.median(), decimals))
                .set(interval.low(), round(spread.low(), decimals))
                .set(interval.high(), round(spread.high(), decimals));
    }

    /** A figure's median over the draws when each has it, the pooled figure otherwise. */
    /**
     * What a closed-loop trial's row and a service step's say alike: the status, the histograms' stem, how the server
     * kept up, and the footprint that is not per op (threads, resident memory, pinning).
     */
    private static Builder statusAndBesideTime(Builder row, MergedTrial trial, ServerUsage server, Footprint footprint,
                                               String status) {
        Double lateness = worst(trial, ForkRecord::serverLatenessP99Ms, server.latenessP99Ms());
        return row.set(STATUS, status)
                .set(HDR, trial.opMicros() == null ? null : ResultsLayout.histograms(trial.spec().setting()))
                .set(SERVER_LATENESS_P99_MS, lateness)
                .set(SERVER_LATE, lateness == null ? null : lateness > SERVER_LATE_MS)
                .set(SERVER_MAX_IN_FLIGHT, worst(trial, ForkRecord::serverMaxInFlight, server.maxInFlight()))
                .set(SERVER_MAX_CONNECTIONS, worst(trial, ForkRecord::serverMaxConnections, server.maxConnections()))
                .set(PEAK_THREADS, footprint.peakThreads())
                .set(PEAK_RSS_MB, footprint.peakRssMb())
                .set(PEAK_RSS_BEYOND_HEAP_MB, rounded(footprint.peakRssBeyondHeapMb(), 1))
                .set(PINNED_EVENTS, footprint.pinnedEvents());
    }

    private static Double median(List<TrialFigures> each, TrialFigures pooled, Function<TrialFigures, Double> figure) {
        List<Double> draws = each.stream().map(figure).toList();
        if (draws.isEmpty() || draws.contains(null)) {
            return figure.apply(pooled);
        }
        return Spread.of(draws.stream().mapToDouble(Double::doubleValue).toArray()).median();
    }

    /** The highest a fork's record gives, or what the server said after the trial when no fork told it. */
    private static <T extends Comparable<T>> T worst(MergedTrial trial, Function<ForkRecord, T> figure, T otherwise) {
        return trial.forks().stream().map(fork -> figure.apply(fork.record())).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(otherwise);
    }

    /**
     * A service-mode step: fan-outs arriving at a rate, JMH's op a window of them. Its times are every arrival's, from
     * its intended start, its figures per window divided into figures per fan-out; its bound is the rate the cores
     * could serve at its CPU per fan-out.
     */
    private static SummaryRow serviceStep(MergedTrial trial, Footprint footprint, ServerUsage server, int cores,
                                          double limitPerIdeal, int runOrder) {
        TrialSpec spec = trial.spec();
        Setting setting = spec.setting();
        double perFanOut = trial.arrivals().arrivalsPerWindow();
        Double cpuMsPerFanOut = divide(footprint.cpuMsPerOp(), perFanOut);
        Double mean = trial.opMicros() == null || trial.opMicros().getTotalCount() == 0 ? null
                : trial.opMicros().getMean() / HistogramFiles.MICROS_PER_MILLI;
        Double ratio = mean == null ? null : round(mean / spec.idealMs(), 4);
        Double clientCpuUs = cpuMsPerFanOut == null ? null : round(cpuMsPerFanOut * 1000 / setting.n(), 2);
        Double serverCpuMicros = trial.serverCpuMicrosPerRequest() != null ? trial.serverCpuMicrosPerRequest()
                : server.cpuMicrosPerRequest();
        Double serverCpuUs = serverCpuMicros == null ? null : round(serverCpuMicros, 2);
        TightBound bound = TightBound.of(spec, cpuMsPerFanOut, serverCpuUs, cores);
        Double floor = bound.cpuMs() == null ? null : round(bound.cpuMs(), 3);
        Double achieved = trial.arrivals().achievedRate();
        boolean shortOfRate = achieved != null && achieved < setting.rate() * (1 - RATE_TOLERANCE);
        String status = trial.errors() > 0 || mean == null ? FAIL : ratio < 1.0 ? INVALID : shortOfRate ? SHORT : OK;
        Percentiles ops = Percentiles.of(trial.opMicros());
        Percentiles serviceTimes = Percentiles.of(trial.serviceMicros());
        double limit = limitPerIdeal * spec.idealMs();
        Builder row = identity(setting, spec, runOrder)
                .set(OPS, trial.ops())
                .set(REQUESTS, trial.requests())
                .set(ERRORS, trial.errors())
                .set(FORKS, trial.forks().size())
                .set(MEAN_MS, mean == null ? null : round(mean, 3));
        ops.setInto(row, P50_MS, P90_MS, P99_MS, P999_MS, MAX_MS);
        Percentiles.of(trial.requestMicros()).setInto(row, REQUEST_P50_MS, REQUEST_P90_MS, REQUEST_P99_MS,
                REQUEST_P999_MS, REQUEST_MAX_MS);
        row.set(SERVICE_P50_MS, serviceTimes.p50())
                .set(SERVICE_P99_MS, serviceTimes.p99())
                .set(LATENESS_P99_MS, Percentiles.of(trial.latenessMicros()).p99())
                .set(LATE_ARRIVALS, trial.arrivals().late())
                .set(ACHIEVED_RATE, achieved == null ? null : round(achieved, 1))
                .set(RESPONSE_LIMIT_MS, limit)
                .set(RATE_BOUND, floor != null ? round(1000 / floor, 1) : null)
                .set(HELD, status.equals(OK) && ops.p99() != null && ops.p99() <= limit)
                .set(IDEAL_MS, spec.idealMs())
                .set(RATIO_TO_IDEAL, ratio)
                .set(CLIENT_CPU_US_PER_REQUEST, clientCpuUs)
                .set(SERVER_CPU_US_PER_REQUEST, serverCpuUs)
                .set(CPU_FLOOR_MS, floor)
                .set(BOUND_MS, round(bound.ms(), 3))
                .set(BOUND, bound.name())
                .set(RATIO_TO_BOUND, mean == null ? null : round(mean / bound.ms(), 4));
        return statusAndBesideTime(row, trial, server, footprint, status)
                .set(ALLOC_BYTES_PER_OP, divide(footprint.allocBytesPerOp(), perFanOut))
                .set(ALLOC_BYTES_PER_REQUEST, perRequest(divide(footprint.allocBytesPerOp(), perFanOut), setting.n(), 1))
                .set(CPU_MS_PER_OP, cpuMsPerFanOut)
                .set(JIT_CPU_MS_PER_OP, divide(footprint.jitCpuMsPerOp(), perFanOut))
                .set(JIT_CPU_US_PER_REQUEST, perRequest(divide(footprint.jitCpuMsPerOp(), perFanOut), setting.n(), 1000))
                .set(FIRST_ERROR, trial.firstError())
                .set(DETAILS, json(trial.details()))
                .build();
    }

    /**
     * The knee row of one sweep: its steps' rows in rising rate, the last of which may be the one that did not hold.
     * The knee is the highest rate that held; the row's times and bounds are that step's, its {@code first_error} says
     * why the sweep ended there, and its {@code details} list every step's rate and p99. With no step held, the knee
     * is blank and the status FAIL; a knee above its own step's rate bound is INVALID.
     */
    public static SummaryRow knee(String sweepLabel, List<SummaryRow> steps) {
        if (steps.isEmpty() || steps.stream().anyMatch(step -> step.get(RATE) == null)) {
            throw new IllegalArgumentException("a knee needs the service-mode steps of one sweep, got " + steps.size());
        }
        SummaryRow knee = null;
        SummaryRow ended = null;
        Map<String, Object> curve = new LinkedHashMap<>();
        for (SummaryRow step : steps) {
            curve.put(Integer.toString(step.get(RATE)), step.get(P99_MS));
            if (Boolean.TRUE.equals(step.get(HELD)) && ended == null) {
                knee = step;
            } else if (ended == null) {
                ended = step;
            }
        }
        SummaryRow at = knee != null ? knee : steps.get(0);
        String why = ended == null ? "every step held, up to " + at.get(RATE) + "/s: the knee is at least that"
                : "at " + ended.get(RATE) + "/s " + (!ended.get(STATUS).equals(OK) ? ended.get(STATUS) + ": "
                + (ended.get(FIRST_ERROR) != null ? ended.get(FIRST_ERROR) : "achieved " + ended.get(ACHIEVED_RATE) + "/s")
                : "p99 " + ended.get(P99_MS) + " ms, over the " + ended.get(RESPONSE_LIMIT_MS) + " ms limit");
        String status = knee == null ? FAIL
                : knee.get(RATE_BOUND) != null && knee.get(RATE) > knee.get(RATE_BOUND) ? INVALID : OK;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("p99_ms_by_rate", curve);
        return at.toBuilder()
                .set(TRIAL, sweepLabel + " knee")
                .set(BENCHMARK, KNEE)
                .set(RATE, knee == null ? null : knee.get(RATE))
                .set(HELD, null)
                .set(EVERY_STEP_HELD, ended == null)
                .set(ENDED_AT_RATE, ended == null ? null : ended.get(RATE))
                .set(STATUS, status)
                .set(FIRST_ERROR, why)
                .set(DETAILS, json(details))
                .set(ARTICLE_S, null)
                .build();
    }

    /** A figure per JMH op as a figure per fan-out; in service mode rounded to 4 places, well below the µs. */
    private static Double divide(Double perOp, double perFanOut) {
        if (perOp == null || perFanOut == 1) {
            return perOp;
        }
        return round(perOp / perFanOut, 4);
    }

    /** The percentiles summary.csv gives of a histogram in µs, in ms; all null when nothing was recorded. */
    private record Percentiles(Double p50, Double p90, Double p99, Double p999, Double max) {
        static Percentiles of(Histogram micros) {
            if (micros == null || micros.getTotalCount() == 0) {
                return new Percentiles(null, null, null, null, null);
            }
            return new Percentiles(at(micros, 50), at(micros, 90), at(micros, 99), at(micros, 99.9),
                    micros.getMaxValue() / HistogramFiles.MICROS_PER_MILLI);
        }

        void setInto(Builder row, Column<Double> p50Column, Column<Double> p90Column, Column<Double> p99Column,
                     Column<Double> p999Column, Column<Double> maxColumn) {
            row.set(p50Column, p50).set(p90Column, p90).set(p99Column, p99).set(p999Column, p999).set(maxColumn, max);
        }

        private static Double at(Histogram micros, double percentile) {
            return micros.getValueAtPercentile(percentile) / HistogramFiles.MICROS_PER_MILLI;
        }
    }

    /** A figure per op as one per request, times {@code scale} (1000: ms to µs), to 2 places; null for null. */
    private static Double perRequest(Double perOp, int n, double scale) {
        return perOp == null ? null : round(perOp * scale / n, 2);
    }

    /** {@link #round}, or null for null. */
    private static Double rounded(Double value, int decimals) {
        return value == null ? null : round(value, decimals);
    }

    /** Rounds to {@code decimals} places: µs are the resolution of every time here, more digits are noise. */
    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static String json(Map<String, Object> details) {
        try {
            return details.isEmpty() ? null : TrialRecorder.JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("details are not JSON: " + details, e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SummaryRow row && values.equals(row.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return "SummaryRow" + values;
    }
}
