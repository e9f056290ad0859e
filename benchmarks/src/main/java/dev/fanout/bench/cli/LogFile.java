package dev.fanout.bench.cli;

import dev.fanout.bench.recording.CannotWriteException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A log the run appends to as it goes (jmh.log, server.log), written through rather than atomically. What writes to
 * it (JMH's output, the server's output drain) cannot act on a failed write, and a {@link java.io.PrintStream} would
 * swallow it: so the first failure is kept, with the file and the system's reason, later writes are dropped, and the
 * run loop asks after every trial. What was written since the last {@link #takeRecent()} is kept too (its last
 * {@value #RECENT_BYTES} bytes), so that a trial's own output can be searched for what a fork said before it died.
 */
final class LogFile extends OutputStream {
    static final int RECENT_BYTES = 64 * 1024;

    private final Path file;
    private final OutputStream out;
    private final ByteArrayOutputStream recent = new ByteArrayOutputStream();
    private volatile CannotWriteException failure;

    private LogFile(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    static LogFile create(Path file) throws CannotWriteException {
        try {
            return new LogFile(file, Files.newOutputStream(file));
        } catch (IOException e) {
            throw new CannotWriteException(file, e);
        }
    }

    /** The first write that failed, if one has. */
    Optional<CannotWriteException> failure() {
        return Optional.ofNullable(failure);
    }

    /** What was written since the last call (its last {@value #RECENT_BYTES} bytes), whether or not it reached the file. */
    synchronized String takeRecent() {
        String text = recent.toString(StandardCharsets.UTF_8);
        recent.reset();
        return text;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (recent.size() + length > 2 * RECENT_BYTES) {
            byte[] kept = recent.toByteArray();
            int keep = Math.min(kept.length, RECENT_BYTES);
            recent.reset();
            recent.write(kept, kept.length - keep, keep);
        }
        recent.write(bytes, offset, length);
        if (failure == null) {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                failure = new CannotWriteException(file, e);
            }
        }
    }

    @Override
    public synchronized void flush() {
        if (failure == null) {
            try {
                out.flush();
            } catch (IOException e) {
                failure = new CannotWriteException(file, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = new CannotWriteException(file, e);
            }
        }
    }
}
