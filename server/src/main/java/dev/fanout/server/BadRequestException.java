package dev.fanout.server;

/** A request the server refuses with 400; the message is the {@code error} field of the JSON body. */
final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        // No stack trace: this is an answer to the client, not a server fault, and a benchmark may send many.
        super(message, null, false, false);
    }
}
