package dev.fanout.bench.recording;

import static dev.fanout.bench.recording.SummaryColumns.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.workload.ServerUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    public static final String LATENCY_BOUND = "latency";
    public static final String CPU_BOUND = "cpu";

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
     * The row of a merged trial.
     *
     * @param meanMs JMH's mean op time, or null when JMH has no result for the trial
     * @param server what the server's /stats said of the trial
     * @param cores  the processors the client and the server share
     * @param limitPerIdeal service mode: how many times the ideal a step's p99 response time may reach and hold
     */
    public static SummaryRow of(MergedTrial trial, Double meanMs, ServerUsage server, Footprint footprint, int cores,
                                double limitPerIdeal) {
        TrialSpec spec = trial.spec();
        Setting setting = spec.setting();
        boolean service = setting.inServiceMode();
        // JMH's op in service mode is a window of arrivals: its figures per op become figures per fan-out.
        double perFanOut = service ? trial.arrivals().arrivalsPerWindow() : 1;
        Double cpuMsPerFanOut = divide(footprint.cpuMsPerOp(), perFanOut);
        Double mean = !service ? meanMs : trial.opMicros() == null || trial.opMicros().getTotalCount() == 0 ? null
                : trial.opMicros().getMean() / HistogramFiles.MICROS_PER_MILLI;
        Double ratio = mean == null ? null : round(mean / spec.idealMs(), 4);
        Double clientCpuUs = cpuMsPerFanOut == null ? null : round(cpuMsPerFanOut * 1000 / setting.n(), 2);
        // The fork's measured iterations where it read the server's CPU; the whole trial where it could not (asyncio).
        Double serverCpuMicros = trial.serverCpuMicrosPerRequest() != null ? trial.serverCpuMicrosPerRequest()
                : server.cpuMicrosPerRequest();
        Double serverCpuUs = serverCpuMicros == null ? null : round(serverCpuMicros, 2);
        Double floor = cpuMsPerFanOut == null || serverCpuUs == null ? null
                : round((cpuMsPerFanOut + setting.n() * serverCpuUs / 1000) / cores, 3);
        boolean cpuBound = floor != null && floor > spec.idealMs();
        double bound = cpuBound ? floor : spec.idealMs();
        Double achieved = service ? trial.arrivals().achievedRate() : null;
        boolean shortOfRate = achieved != null && achieved < setting.rate() * (1 - RATE_TOLERANCE);
        String status = trial.errors() > 0 || mean == null ? FAIL : ratio < 1.0 ? INVALID : shortOfRate ? SHORT : OK;
        Percentiles ops = Percentiles.of(trial.opMicros());
        Double limit = service ? limitPerIdeal * spec.idealMs() : null;
        Builder row = builder()
                .set(TRIAL, setting.label())
                .set(BENCHMARK, setting.benchmark())
                .set(WORKLOAD, setting.workload().name())
                .set(MODEL, setting.model())
                .set(CLIENT, setting.client().name())
                .set(POOLS, setting.pools())
                .set(N, setting.n())
                .set(LATENCY_MS, (double) setting.latencyMs())
                .set(K, setting.k())
                .set(CONCURRENCY, spec.concurrency())
                .set(CPU_US, setting.cpuMicros())
                .set(RATE, service ? setting.rate() : null)
                .set(ARRIVALS, service ? arrivals(setting) : null)
                .set(OPS, trial.ops())
                .set(REQUESTS, trial.requests())
                .set(ERRORS, trial.errors())
                .set(MEAN_MS, mean == null ? null : round(mean, 3));
        ops.setInto(row, P50_MS, P90_MS, P99_MS, P999_MS, MAX_MS);
        Percentiles.of(trial.requestMicros()).setInto(row, REQUEST_P50_MS, REQUEST_P90_MS, REQUEST_P99_MS,
                REQUEST_P999_MS, REQUEST_MAX_MS);
        Percentiles serviceTimes = Percentiles.of(trial.serviceMicros());
        return row.set(SERVICE_P50_MS, serviceTimes.p50())
                .set(SERVICE_P99_MS, serviceTimes.p99())
                .set(LATENESS_P99_MS, Percentiles.of(trial.latenessMicros()).p99())
                .set(LATE_ARRIVALS, service ? trial.arrivals().late() : null)
                .set(ACHIEVED_RATE, achieved == null ? null : round(achieved, 1))
                .set(RESPONSE_LIMIT_MS, limit)
                .set(RATE_BOUND, service && floor != null ? round(1000 / floor, 1) : null)
                .set(HELD, service ? status.equals(OK) && ops.p99() != null && ops.p99() <= limit : null)
                .set(IDEAL_MS, spec.idealMs())
                .set(RATIO_TO_IDEAL, ratio)
                .set(CLIENT_CPU_US_PER_REQUEST, clientCpuUs)
                .set(SERVER_CPU_US_PER_REQUEST, serverCpuUs)
                .set(CPU_FLOOR_MS, floor)
                .set(BOUND, cpuBound ? CPU_BOUND : LATENCY_BOUND)
                .set(RATIO_TO_BOUND, mean == null ? null : round(mean / bound, 4))
                .set(STATUS, status)
                .set(HDR, trial.opMicros() == null ? null : ResultsLayout.histograms(setting))
                .set(JMH_BENCHMARK, spec.jmhBenchmark())
                .set(JMH_PARAMS, spec.jmhParams())
                .set(EXECUTOR, spec.executor())
                .set(SERVER_LATENESS_P99_MS, server.latenessP99Ms())
                .set(SERVER_MAX_IN_FLIGHT, server.maxInFlight())
                .set(PEAK_THREADS, footprint.peakThreads())
                .set(PEAK_RSS_MB, footprint.peakRssMb())
                .set(ALLOC_BYTES_PER_OP, divide(footprint.allocBytesPerOp(), perFanOut))
                .set(CPU_MS_PER_OP, cpuMsPerFanOut)
                .set(JIT_CPU_MS_PER_OP, divide(footprint.jitCpuMsPerOp(), perFanOut))
                .set(PINNED_EVENTS, footprint.pinnedEvents())
                .set(FIRST_ERROR, trial.firstError())
                .set(DETAILS, json(trial.details()))
                .set(ARTICLE_S, setting.articleSeconds())
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
                .set(STATUS, status)
                .set(FIRST_ERROR, why)
                .set(DETAILS, json(details))
                .set(ARTICLE_S, null)
                .build();
    }

    private static String arrivals(Setting setting) {
        return setting.poisson() ? "poisson" : "uniform";
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
