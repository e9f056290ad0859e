package dev.fanout.bench.recording;

import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * A figure measured several times (once a fork, or once a measured iteration of a trial's only fork), told by its
 * median and an interval for that median that assumes nothing of the figure's distribution: the j-th smallest and
 * j-th largest draws, where the median of the distribution the draws come from lies between them with the binomial
 * probability {@code 1 - 2 P(Bin(n, 1/2) < j)}. The largest j whose confidence is at least {@value #WANTED} is taken;
 * with 8 draws or fewer that is j = 1, the whole range, and with 5 or fewer even the whole range falls short of it:
 * its own confidence is given beside it (2 draws: 50%, 3: 75%, 4: 87.5%, 5: 93.8%, 6: 96.9%).
 *
 * <p>Why not a t-interval or a bootstrap: the spread between launches at N = 10,000 is skewed and heavy-tailed (one
 * trial took 336 to 709 ms in five launches); a t-interval assumes a normal figure and a percentile bootstrap of three
 * draws claims a confidence it does not have. The order statistics claim only what the draws show.
 *
 * @param confidence the probability that the interval holds the median of the figure's distribution, 0 for one draw
 */
public record Spread(double median, double low, double high, double confidence, int draws) {
    /** The confidence the interval is widened to reach, as far as the draws allow. */
    public static final double WANTED = 0.95;

    /** The spread of {@code draws}; at least one. */
    public static Spread of(double... draws) {
        if (draws.length == 0) {
            throw new IllegalArgumentException("a spread needs at least one draw");
        }
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int j = depth(n);
        return new Spread(median, sorted[j - 1], sorted[n - j], confidenceFor(n), n);
    }

    /** The confidence of the interval of {@code draws} draws: 0 for one, which has no interval. */
    public static double confidenceFor(int draws) {
        return draws < 2 ? 0 : confidence(draws, depth(draws));
    }

    /** The j of n draws' interval: the largest whose confidence is at least {@link #WANTED}, or 1. */
    private static int depth(int n) {
        int j = 1;
        while (j + 1 <= n / 2 && confidence(n, j + 1) >= WANTED) {
            j++;
        }
        return j;
    }

    /** The probability that the median lies between the j-th smallest and j-th largest of n draws. */
    static double confidence(int n, int j) {
        return 1 - 2 * new BinomialDistribution(null, n, 0.5).cumulativeProbability(j - 1);
    }
}
