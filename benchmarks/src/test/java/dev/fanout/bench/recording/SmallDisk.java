package dev.fanout.bench.recording;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a few KiB of its own, so that a test fills a disk for real and sees the system's own "No space left on
 * device". Mounting needs root (CI and these machines run as root); where the machine refuses, {@link #mount} is empty
 * and the test says it was skipped.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path root;

    private SmallDisk(Path root) {
        this.root = root;
    }

    /** A tmpfs of {@code kib} KiB mounted on {@code dir}, or empty when this machine does not allow it. */
    public static Optional<SmallDisk> mount(Path dir, int kib) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        return run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString())
                ? Optional.of(new SmallDisk(dir)) : Optional.empty();
    }

    public Path root() {
        return root;
    }

    /** Fills the disk to its last byte with one file. */
    public void fill() throws IOException {
        try (OutputStream out = Files.newOutputStream(root.resolve("filler"))) {
            byte[] block = new byte[1024];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!"No space left on device".equals(full.getMessage())) {
                throw full;
            }
        }
    }

    /** The names of the files and folders at the disk's top. */
    public List<String> list() throws IOException {
        try (var files = Files.list(root)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!run("umount", "-l", root.toString())) {
            throw new IOException("cannot unmount the test's tmpfs at " + root);
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
