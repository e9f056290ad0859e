package dev.fanout.bench.cli;

/**
 * One launch of JMH in a run: forks {@code firstFork} to {@code firstFork + forks - 1} of a trial. A trial runs in one
 * turn, all its forks back to back, unless the run interleaves the trials' forks ({@link TrialOrder}); then each of its
 * forks is a turn of its own, and its row is written after the last.
 */
record Turn(Trial trial, int firstFork, int forks) {
    Turn {
        if (firstFork < 1 || forks < 1 || firstFork + forks - 1 > trial.iterations().forks()) {
            throw new IllegalArgumentException("forks " + firstFork + " to " + (firstFork + forks - 1) + " of a trial of "
                    + trial.iterations().forks());
        }
    }

    /** The turn that runs every fork of {@code trial}. */
    static Turn whole(Trial trial) {
        return new Turn(trial, 1, trial.iterations().forks());
    }

    /** Whether this turn runs the trial's last fork, after which the trial's row is written. */
    boolean last() {
        return firstFork + forks - 1 == trial.iterations().forks();
    }

    /** Whether this turn runs every fork of the trial. */
    boolean whole() {
        return firstFork == 1 && last();
    }

    /** The trial's label, and which of its forks this turn runs when not all. */
    String label() {
        if (whole()) {
            return trial.label();
        }
        String which = forks == 1 ? "fork " + firstFork : "forks " + firstFork + "-" + (firstFork + forks - 1);
        return trial.label() + " " + which + " of " + trial.iterations().forks();
    }

    /** This turn and {@code next}, a turn of the same trial that follows it, as one turn. */
    Turn joinedWith(Turn next) {
        if (!next.trial.equals(trial) || next.firstFork != firstFork + forks) {
            throw new IllegalArgumentException(next.label() + " does not follow " + label());
        }
        return new Turn(trial, firstFork, forks + next.forks);
    }
}
