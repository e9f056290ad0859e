package dev.fanout.bench.compare;

/** Bad input (missing file, malformed JSON, nothing to compare): the command prints the message as one line and exits 2. */
public final class InputException extends Exception {
    public InputException(String message) {
        super(message);
    }
}
