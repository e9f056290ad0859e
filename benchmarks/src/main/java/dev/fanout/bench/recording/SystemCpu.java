package dev.fanout.bench.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole machine's CPU time at one moment, from the first line of Linux's {@code /proc/stat}, in clock ticks:
 * what it tells that nothing inside a JVM can is <em>steal</em>, the time this virtual machine's CPUs were ready to
 * run and the hypervisor ran someone else. A trial measured while its cores were stolen is slower for a reason that is
 * not its own, and two runs on machines that steal differently differ for it.
 *
 * @param steal the ticks stolen, summed over the CPUs
 * @param total every tick counted, of every kind (user, system, idle, I/O wait, interrupts, steal)
 */
public record SystemCpu(long steal, long total) {
    private static final Path STAT = Path.of("/proc/stat");
    /** The place of steal among the first line's numbers: user nice system idle iowait irq softirq steal. */
    private static final int STEAL = 7;

    /** Now, or empty where the system does not tell (not Linux). */
    public static Optional<SystemCpu> now() {
        try {
            return Optional.of(parse(Files.readAllLines(STAT).get(0)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The first line of {@code /proc/stat}: {@code cpu  4705 356 584 3699 23 23 0 12 0 0}. */
    static SystemCpu parse(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < STEAL + 2) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
        }
        long total = 0;
        // guest and guest_nice (fields 9 and 10) are already counted in user and nice
        for (int i = 1; i <= Math.min(fields.length - 1, STEAL + 1); i++) {
            total += Long.parseLong(fields[i]);
        }
        return new SystemCpu(Long.parseLong(fields[STEAL + 1]), total);
    }

    /** The time between {@code earlier} and this moment, as one. */
    public SystemCpu since(SystemCpu earlier) {
        return new SystemCpu(steal - earlier.steal, total - earlier.total);
    }

    public SystemCpu plus(SystemCpu other) {
        return new SystemCpu(steal + other.steal, total + other.total);
    }

    /** The percentage of this stretch's ticks that were stolen. */
    public double stealPercent() {
        return total <= 0 ? 0 : 100.0 * steal / total;
    }
}
