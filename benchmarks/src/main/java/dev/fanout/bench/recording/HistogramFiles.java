package dev.fanout.bench.recording;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes histograms in HdrHistogram's own formats: {@code .hlog} (one interval a measurement iteration,
 * readable by HdrHistogram's tools and by the notebook) and {@code .hgrm} (the percentile distribution as
 * text, in milliseconds, the format HdrHistogram's plotter reads).
 *
 * <p>Intervals are written untagged: each file holds one kind of latency, which its name and first comment
 * say, and HdrHistogram's own {@code HistogramLogProcessor} reads only untagged intervals unless told a tag.
 */
public final class HistogramFiles {
    /** Values are recorded in µs; .hgrm files show ms. */
    public static final double MICROS_PER_MILLI = 1000.0;

    private HistogramFiles() {
    }

    /**
     * @param kind what the values are the latency of ({@code request}, {@code op}), for the log's first comment
     */
    public static void writeLog(Path target, String kind, List<Histogram> intervals) throws IOException {
        AtomicFiles.write(target, out -> {
            PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
            HistogramLogWriter writer = new HistogramLogWriter(print);
            writer.outputComment("fan-out benchmark " + kind + " latency; values in microseconds;"
                    + " one interval per JMH measurement iteration");
            writer.outputLogFormatVersion();
            long start = intervals.isEmpty() ? System.currentTimeMillis() : intervals.get(0).getStartTimeStamp();
            writer.outputStartTime(start);
            writer.setBaseTime(start);
            writer.outputLegend();
            for (Histogram interval : intervals) {
                writer.outputIntervalHistogram(interval);
            }
            print.flush();
        });
    }

    public static void writePercentiles(Path target, Histogram histogram) throws IOException {
        AtomicFiles.write(target, out -> {
            PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
            histogram.outputPercentileDistribution(print, 5, MICROS_PER_MILLI);
            print.flush();
        });
    }

    /** Adds up intervals into one histogram. */
    public static Histogram total(List<Histogram> intervals) {
        Histogram total = new Histogram(3);
        intervals.forEach(total::add);
        return total;
    }
}
