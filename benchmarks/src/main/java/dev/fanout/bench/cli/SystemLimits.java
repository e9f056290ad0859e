package dev.fanout.bench.cli;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The operating-system limits a fan-out runs into before any model does: every socket to the server is a file
 * descriptor in the client fork and one in the server and, from one client address to one server port, an
 * ephemeral port of its own. Over HTTP/1.1 that is a socket a request in flight, over h2c a socket a client
 * ({@link dev.fanout.bench.clients.Protocol#socketsFor}). The JVM raises its soft open-files limit to the hard
 * one at start, so what this JVM reports is what a fork gets.
 *
 * @param maxOpenFiles   open files one process may have
 * @param ephemeralPorts local ports the kernel hands out to outgoing connections
 * @param maxThreads     threads the kernel allows in all ({@code kernel.pid_max} and {@code kernel.threads-max}, the
 *                       lower): a model that holds a platform thread a request in flight cannot go beyond it
 */
record SystemLimits(long maxOpenFiles, int ephemeralPorts, int maxThreads) {
    /** Files a JVM holds besides its sockets: jars, its own pipes, JMH's link to the launcher. */
    static final int BASE_OPEN_FILES = 512;
    /** Threads the machine runs besides a fork's requests': the launcher's, the server's, the fork's own, the system's. */
    static final int BASE_THREADS = 1_024;
    private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final List<Path> THREAD_LIMITS = List.of(Path.of("/proc/sys/kernel/pid_max"),
            Path.of("/proc/sys/kernel/threads-max"));

    static SystemLimits read() {
        long files = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        return new SystemLimits(files, ephemeralPortCount(), threadCount());
    }

    /** No limits: for plans that are only listed or tested. */
    static SystemLimits unlimited() {
        return new SystemLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Why this machine cannot hold {@code sockets} sockets to the server and {@code threads} platform threads of
     * requests at once, and what to raise; null when it can.
     */
    String shortfall(int sockets, int threads) {
        if (sockets + BASE_OPEN_FILES > maxOpenFiles) {
            return "needs " + (sockets + BASE_OPEN_FILES) + " open files per process but may open " + maxOpenFiles
                    + ": raise the limit (ulimit -n " + (sockets + BASE_OPEN_FILES) + ", or the hard limit in"
                    + " /etc/security/limits.conf) and run again";
        }
        if (sockets > ephemeralPorts) {
            return "needs " + sockets + " ephemeral ports but the kernel offers " + ephemeralPorts
                    + ": widen net.ipv4.ip_local_port_range (sysctl) and run again";
        }
        if ((long) threads + BASE_THREADS > maxThreads) {
            return "needs " + threads + " platform threads, one a request in flight, but the kernel allows "
                    + maxThreads + " in all: raise kernel.pid_max and kernel.threads-max (sysctl) and run again";
        }
        return null;
    }

    private static int ephemeralPortCount() {
        try {
            String[] range = kernelSetting(PORT_RANGE).split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (IOException | RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * A file of {@code /proc/sys}, read to its end: {@code Files.readString} trusts the size the file reports, and
     * Linux 6.18 reports a size that cuts {@code 32768} to {@code 3}.
     */
    private static String kernelSetting(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    /** The lower of the kernel's limits on threads, or no limit where they cannot be read (not Linux). */
    private static int threadCount() {
        int limit = Integer.MAX_VALUE;
        for (Path path : THREAD_LIMITS) {
            try {
                limit = Math.min(limit, Integer.parseInt(kernelSetting(path)));
            } catch (IOException | RuntimeException e) {
                // no such limit here
            }
        }
        return limit;
    }
}
