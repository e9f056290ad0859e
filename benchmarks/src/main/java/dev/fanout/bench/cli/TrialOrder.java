package dev.fanout.bench.cli;

/**
 * The order a run's trials and their forks run in, recorded in meta.json.
 *
 * @param shuffleSeed      the seed the trials' order was shuffled with (a service sweep's steps stay together), or null
 *                         for the profile's own order
 * @param forksInterleaved whether a trial of several forks runs them one at a time spread over the run ({@link
 *                         Plan#turns}) rather than back to back: a stretch of the machine slower than the rest then meets
 *                         one fork of each trial, which the median of its forks leaves out, rather than every fork of
 *                         the trials it falls on
 */
record TrialOrder(Long shuffleSeed, boolean forksInterleaved) {
    /** The profile's order, each trial's forks back to back. */
    static final TrialOrder PROFILE = new TrialOrder(null, false);
}
