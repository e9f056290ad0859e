package dev.fanout.bench.recording;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes each result file whole or not at all, so an interrupted run or a full disk never leaves half a file. The
 * content is made in memory first: the writers it comes from (HdrHistogram's log writer, JMH's result formats) print
 * through a {@link java.io.PrintStream}, which swallows a failed write, and would otherwise leave a short file to be
 * renamed into place. The temporary file is made as any other file is (the user's umask decides who may read it),
 * not with {@code Files.createTempFile}, whose files only their owner can read: a shared results folder must be
 * readable.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to a temporary file beside {@code target}, then renames it over {@code target}.
     *
     * @throws CannotWriteException naming {@code target} and the operating system's reason, {@code target} as it was
     */
    public static void write(Path target, Content content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        content.writeTo(bytes);
        Path dir = target.toAbsolutePath().getParent();
        // A name of its own length, not the target's and more: a target named near the system's limit (255 bytes on
        // Linux; a pinning report named by every JMH param came to 233) must still have room for its temporary file.
        Path temp = dir.resolve("." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                bytes.writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw new CannotWriteException(target, e);
        }
    }
}
