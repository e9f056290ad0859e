package dev.fanout.bench.cli;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operating-system limits a fan-out of N runs into before any model does: every in-flight request
 * holds a socket (a file descriptor in the client fork and one in the server) and, from one client address
 * to one server port, an ephemeral port of its own. The JVM raises its soft open-files limit to the hard
 * one at start, so what this JVM reports is what a fork gets.
 *
 * @param maxOpenFiles   open files one process may have
 * @param ephemeralPorts local ports the kernel hands out to outgoing connections
 */
record SystemLimits(long maxOpenFiles, int ephemeralPorts) {
    /** Files a JVM holds besides its sockets: jars, its own pipes, JMH's link to the launcher. */
    static final int BASE_OPEN_FILES = 512;
    private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    static SystemLimits read() {
        long files = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        return new SystemLimits(files, ephemeralPortCount());
    }

    /** No limits: for plans that are only listed or tested. */
    static SystemLimits unlimited() {
        return new SystemLimits(Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Why this machine cannot run a fan-out of {@code n} requests in flight at once, and what to raise;
     * null when it can.
     */
    String shortfall(int n) {
        if (n + BASE_OPEN_FILES > maxOpenFiles) {
            return "needs " + (n + BASE_OPEN_FILES) + " open files per process but may open " + maxOpenFiles
                    + ": raise the limit (ulimit -n " + (n + BASE_OPEN_FILES) + ", or the hard limit in"
                    + " /etc/security/limits.conf) and run again";
        }
        if (n > ephemeralPorts) {
            return "needs " + n + " ephemeral ports but the kernel offers " + ephemeralPorts
                    + ": widen net.ipv4.ip_local_port_range (sysctl) and run again";
        }
        return null;
    }

    private static int ephemeralPortCount() {
        try {
            String[] range = Files.readString(PORT_RANGE).trim().split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (IOException | RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
