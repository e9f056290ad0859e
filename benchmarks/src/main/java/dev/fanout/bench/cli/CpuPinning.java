package dev.fanout.bench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code --pin-cpus SERVER:CLIENT}: the stub server on one set of CPUs, the launcher and every fork it starts (they
 * inherit its affinity) on another, with Linux's {@code taskset}. Where client and server share every core, each
 * trial's time also measures how the scheduler shared them; pinned, each side has its own. It changes the answer as
 * well as its spread (the client gets fewer cores), so it is an option to measure with, not the default.
 *
 * <p>The bounds stay those of the shared cores: the two sets are disjoint parts of them, so no op beats a bound
 * computed for all of them, and the pinned run's bounds are, if anything, looser than its own.
 *
 * @param serverCpus a CPU list as taskset reads it: {@code 0}, {@code 0-1}, {@code 0,2}
 * @param clientCpus the same, for the launcher and its forks
 */
record CpuPinning(String serverCpus, String clientCpus) {
    private static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

    /** {@code SERVER:CLIENT}, e.g. {@code 0:1}. */
    static CpuPinning parse(String option) {
        String[] sides = option.split(":", -1);
        if (sides.length != 2 || !CPU_LIST.matcher(sides[0]).matches() || !CPU_LIST.matcher(sides[1]).matches()) {
            throw new IllegalArgumentException("--pin-cpus takes SERVER:CLIENT CPU lists as taskset reads them, like 0:1"
                    + " or 0:1-3; got " + option);
        }
        return new CpuPinning(sides[0], sides[1]);
    }

    /** The command that starts the server on its CPUs: {@code taskset -c SERVER} before the server's own. */
    List<String> serverPrefix() {
        return List.of("taskset", "-c", serverCpus);
    }

    /** The CPUs a process may run on, as Linux says ({@code Cpus_allowed_list} of its status), or "unknown". */
    static String allowedCpus(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Pins every thread of this JVM, and so every process it starts from now on, to the client's CPUs. */
    void pinLauncher() throws IOException {
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", clientCpus,
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
        String said = new String(taskset.getInputStream().readAllBytes()).strip();
        try {
            if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
                throw new IOException("taskset could not pin the launcher to CPUs " + clientCpus + ": " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pinning the launcher", e);
        }
    }
}
