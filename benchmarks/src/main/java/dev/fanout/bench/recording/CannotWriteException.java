package dev.fanout.bench.recording;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A write to the results that failed, in the words a user can act on: the file, and the operating system's reason
 * ({@code cannot write results/r/summary.csv: No space left on device}), never a Java class name.
 */
public final class CannotWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CannotWriteException(Path file, IOException cause) {
        this("cannot write " + file, file, cause);
    }

    /** @param what what could not be done, e.g. {@code cannot create the results folder /proc/x} */
    public CannotWriteException(String what, Path file, IOException cause) {
        super(what + ": " + osReason(cause), cause);
        this.file = file;
    }

    /** The file that could not be written. */
    public Path file() {
        return file;
    }

    /**
     * What the operating system said, as {@code strerror} words it: the reason a {@link FileSystemException} carries,
     * or the one its subclass stands for (Java drops the reason for those), or the message of a failed read or write
     * ({@code No space left on device}).
     */
    public static String osReason(IOException e) {
        if (e instanceof CannotWriteException known) {
            return osReason((IOException) known.getCause());
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
