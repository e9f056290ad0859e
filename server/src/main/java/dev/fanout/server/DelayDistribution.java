package dev.fanout.server;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How a request's delay is drawn, chosen with {@code ?dist=}. {@code delay} is always the centre
 * of the distribution, so switching distributions keeps the typical delay comparable:
 * <ul>
 *   <li>{@code fixed}: exactly {@code delay}.</li>
 *   <li>{@code uniform}: uniform on [{@code delay - jitter}, {@code delay + jitter}]; {@code jitter}
 *       (whole ms) is required and may not exceed {@code delay}.</li>
 *   <li>{@code exponential}: exponential with mean {@code delay}, the classic memoryless service time.</li>
 *   <li>{@code lognormal}: log-normal with median {@code delay} and shape {@code sigma} (required,
 *       0 &lt; sigma &le; {@value #MAX_SIGMA}), the usual model of a real backend's long tail.</li>
 * </ul>
 * Draws are rounded to whole milliseconds (the resolution of the XNIO timer) and clamped to
 * [0, max-delay] by {@link DelaySpec}.
 */
enum DelayDistribution {
    FIXED {
        @Override
        double draw(double delayMs, double jitterMs, double sigma, SplittableRandom random) {
            return delayMs;
        }
    },
    UNIFORM {
        @Override
        double draw(double delayMs, double jitterMs, double sigma, SplittableRandom random) {
            return delayMs - jitterMs + random.nextDouble() * 2 * jitterMs;
        }
    },
    EXPONENTIAL {
        @Override
        double draw(double delayMs, double jitterMs, double sigma, SplittableRandom random) {
            // 1 - u lies in (0, 1], so the logarithm is finite.
            return -delayMs * Math.log(1.0 - random.nextDouble());
        }
    },
    LOGNORMAL {
        @Override
        double draw(double delayMs, double jitterMs, double sigma, SplittableRandom random) {
            return delayMs * Math.exp(sigma * gaussian(random));
        }
    };

    /** Beyond this a log-normal is so skewed that nearly every draw hits the max-delay clamp. */
    static final double MAX_SIGMA = 5.0;

    abstract double draw(double delayMs, double jitterMs, double sigma, SplittableRandom random);

    String queryName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DelayDistribution fromQuery(String value) {
        for (DelayDistribution d : values()) {
            if (d.queryName().equals(value)) {
                return d;
            }
        }
        return null;
    }

    /**
     * Marsaglia's polar method. RandomGenerator.nextGaussian's algorithm is a JDK implementation
     * detail; spelling it out keeps a seeded run's draws identical across JDK versions.
     */
    private static double gaussian(SplittableRandom random) {
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
