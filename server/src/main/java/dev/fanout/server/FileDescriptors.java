package dev.fanout.server;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * This JVM's file-descriptor limit ({@code ulimit -n}, after the JVM raised its soft limit to the
 * hard one) and how many it has open: every connection takes one, so they decide how many
 * connections the server can hold. Both are -1 where the JVM cannot tell (not a Unix).
 */
final class FileDescriptors {

    /**
     * Kept free beyond the refusal headroom for what the JVM may still open while it serves: an
     * attach from {@code jcmd}, a JFR recording, a class loaded from a directory.
     */
    static final int SPARE = 32;

    /** The connection cap where the JVM cannot tell its limit: enough for 10,000+ concurrent requests. */
    static final int CONNECTIONS_WITHOUT_A_LIMIT = 20_000;

    private FileDescriptors() {
    }

    /**
     * How many connections the descriptors allow a server that has opened all else it needs: the
     * limit less those open now, {@value ConnectionGate#REFUSAL_HEADROOM} for refusing connections
     * over the cap, and {@value #SPARE} spare; at least 1, at most
     * {@value StubServerConfig#MAX_CONNECTIONS_LIMIT}. About 19,800 under {@code ulimit -n 20000};
     * {@value #CONNECTIONS_WITHOUT_A_LIMIT} where the limit is unknown.
     */
    static int connectionsAllowed() {
        long limit = limit();
        if (limit < 0) {
            return CONNECTIONS_WITHOUT_A_LIMIT;
        }
        long allowed = limit - open() - ConnectionGate.REFUSAL_HEADROOM - SPARE;
        return (int) Math.max(1, Math.min(StubServerConfig.MAX_CONNECTIONS_LIMIT, allowed));
    }

    static long limit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    static long open() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }
}
