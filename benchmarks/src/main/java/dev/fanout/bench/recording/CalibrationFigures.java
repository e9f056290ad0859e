package dev.fanout.bench.recording;

/**
 * The names of the calibration figures every run measures before its first trial (meta.json's {@code calibration}):
 * the launcher writes them under these names and {@code compare} reads them by these names.
 */
public final class CalibrationFigures {
    /** A fixed integer loop, compiled: the fastest of several, ms. */
    public static final String CPU_LOOP_MS = "cpu_loop_ms";
    /** Starting and joining one platform thread, µs. */
    public static final String THREAD_START_US = "thread_start_us";
    /** One HTTP request over loopback to the server: the client's CPU, µs. */
    public static final String LOOPBACK_CLIENT_CPU_US = "loopback_client_cpu_us";
    /** The same requests' CPU at the stub server, µs. */
    public static final String LOOPBACK_SERVER_CPU_US = "loopback_server_cpu_us";
    /** The same requests' wall time each, µs. */
    public static final String LOOPBACK_ROUND_TRIP_US = "loopback_round_trip_us";

    private CalibrationFigures() {
    }
}
