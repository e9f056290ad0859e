package dev.fanout.bench.recording;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A trial's forks added up: their counts, and their op and request histograms (null when recording was off).
 *
 * @param firstError the first failure of the first fork that had one, or null
 */
public record MergedTrial(TrialSpec spec, int forks, long ops, long requests, long errors, String firstError,
                          Histogram opMicros, Histogram requestMicros, Map<String, Object> details) {
}
