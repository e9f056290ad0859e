package dev.fanout.server;

import java.util.Deque;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A request's delay as asked for by its query string: {@code ?delay=<ms>} (whole milliseconds,
 * 0 allowed, at most max-delay; the server's default delay when absent), {@code ?dist=} one of
 * {@code fixed|uniform|exponential|lognormal} (default {@code fixed}), {@code ?jitter=<ms>} for
 * {@code uniform} and {@code ?sigma=<x>} for {@code lognormal}. See {@link DelayDistribution} for
 * what each distribution draws. Other query parameters are ignored, so clients may add cache
 * busters; a distribution parameter given to a distribution that does not use it is an error,
 * because it is almost certainly a mistake in the benchmark.
 */
record DelaySpec(DelayDistribution distribution, long delayMs, long jitterMs, double sigma, long maxDelayMs) {

    static final String DELAY = "delay";
    static final String DIST = "dist";
    static final String JITTER = "jitter";
    static final String SIGMA = "sigma";

    static DelaySpec fixed(long delayMs, long maxDelayMs) {
        return new DelaySpec(DelayDistribution.FIXED, delayMs, 0, 0, maxDelayMs);
    }

    /**
     * @throws BadRequestException with a message naming the bad parameter and what is allowed
     */
    static DelaySpec parse(Map<String, Deque<String>> query, long defaultDelayMs, long maxDelayMs) {
        String delayText = single(query, DELAY);
        String distText = single(query, DIST);
        String jitterText = single(query, JITTER);
        String sigmaText = single(query, SIGMA);
        long delayMs = delayText == null ? defaultDelayMs : wholeMillis(DELAY, delayText, maxDelayMs);
        if (distText == null && jitterText == null && sigmaText == null) {
            return fixed(delayMs, maxDelayMs);
        }
        DelayDistribution distribution = distText == null ? DelayDistribution.FIXED : DelayDistribution.fromQuery(distText);
        if (distribution == null) {
            throw new BadRequestException("dist must be one of fixed, uniform, exponential, lognormal; got " + quoted(distText));
        }
        if (jitterText != null && distribution != DelayDistribution.UNIFORM) {
            throw new BadRequestException("jitter only applies to dist=uniform, not dist=" + distribution.queryName());
        }
        if (sigmaText != null && distribution != DelayDistribution.LOGNORMAL) {
            throw new BadRequestException("sigma only applies to dist=lognormal, not dist=" + distribution.queryName());
        }
        return switch (distribution) {
            case FIXED, EXPONENTIAL -> new DelaySpec(distribution, delayMs, 0, 0, maxDelayMs);
            case UNIFORM -> {
                if (jitterText == null) {
                    throw new BadRequestException("dist=uniform needs jitter=<ms>, the half-width around delay (0 to delay)");
                }
                long jitterMs = wholeMillis(JITTER, jitterText, maxDelayMs);
                if (jitterMs > delayMs) {
                    throw new BadRequestException("jitter must not exceed delay (" + delayMs + " ms) so no draw is negative; got " + jitterMs);
                }
                yield new DelaySpec(distribution, delayMs, jitterMs, 0, maxDelayMs);
            }
            case LOGNORMAL -> {
                if (sigmaText == null) {
                    throw new BadRequestException("dist=lognormal needs sigma=<x>, the shape (0 < sigma <= " + DelayDistribution.MAX_SIGMA + "); delay is the median");
                }
                yield new DelaySpec(distribution, delayMs, 0, sigma(sigmaText), maxDelayMs);
            }
        };
    }

    /** Draws this request's delay in whole milliseconds, clamped to [0, max-delay]. */
    long sampleMs(SplittableRandom random) {
        if (distribution == DelayDistribution.FIXED) {
            return delayMs;
        }
        double drawn = distribution.draw(delayMs, jitterMs, sigma, random);
        return Math.max(0, Math.min(maxDelayMs, Math.round(drawn)));
    }

    static long wholeMillis(String name, String text, long maxDelayMs) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0 || value > maxDelayMs) {
            throw new BadRequestException(name + " must be a whole number of milliseconds from 0 to " + maxDelayMs + "; got " + quoted(text));
        }
        return value;
    }

    private static double sigma(String text) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 0 && value <= DelayDistribution.MAX_SIGMA)) {
            throw new BadRequestException("sigma must be a number with 0 < sigma <= " + DelayDistribution.MAX_SIGMA + "; got " + quoted(text));
        }
        return value;
    }

    private static String single(Map<String, Deque<String>> query, String name) {
        Deque<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadRequestException(name + " was given " + values.size() + " times; give it once");
        }
        return values.getFirst();
    }

    /** Echoes client input back shortened, so an error body stays small whatever was sent. */
    private static String quoted(String text) {
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }
}
