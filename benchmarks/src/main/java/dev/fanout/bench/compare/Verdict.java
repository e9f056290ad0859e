package dev.fanout.bench.compare;

public enum Verdict {
    BETTER("better"),
    WORSE("worse"),
    /** No significant change, or one smaller than the threshold. */
    SAME("~"),
    /** Too few samples for the test to ever reach alpha: neither passes nor fails. */
    INSUFFICIENT("?");

    private final String symbol;

    Verdict(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
