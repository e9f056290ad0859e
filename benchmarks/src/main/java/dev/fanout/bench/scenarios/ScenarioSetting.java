package dev.fanout.bench.scenarios;

/**
 * One setting of one scenario: the JMH params of a trial. A param the scenario does not use must be 0
 * (or {@code arrangement} null), so a trial is named by the params that matter and no two rows differ
 * only in an ignored value.
 *
 * @param scenario    the article's scenario
 * @param n           requests in one op (the article's {@code workers}); for {@code cpu_io_mix}, the I/O tasks
 * @param latencyMs   the server's delay of each request, ms
 * @param permits     {@code semaphore}'s permits
 * @param sleepMs     {@code fire_and_forget}'s hand-written wait after firing its requests, ms
 * @param cpuTasks    {@code cpu_io_mix}'s CPU-bound tasks
 * @param cpuRange    the range of each CPU task's {@code sum(i * i for i in range(cpuRange))}
 * @param arrangement {@code cpu_io_mix}'s executors
 */
public record ScenarioSetting(Scenario scenario, int n, long latencyMs, int permits, long sleepMs, int cpuTasks,
                              long cpuRange, Arrangement arrangement) {
    /** The article's setting: 3 requests, its server's fixed 1 s. */
    public static final int ARTICLE_N = 3;
    public static final long ARTICLE_LATENCY_MS = 1_000;
    public static final int ARTICLE_PERMITS = 2;
    public static final long ARTICLE_SLEEP_MS = 1_100;
    public static final int ARTICLE_CPU_TASKS = 3;

    public ScenarioSetting {
        if (scenario == null || n < 1 || latencyMs < 0) {
            throw new IllegalArgumentException("a scenario needs a name, n >= 1 and latencyMs >= 0; got " + scenario
                    + " n=" + n + " latencyMs=" + latencyMs);
        }
        boolean semaphore = scenario == Scenario.semaphore;
        boolean fireAndForget = scenario == Scenario.fire_and_forget;
        boolean mix = scenario == Scenario.cpu_io_mix;
        require(semaphore ? permits >= 1 : permits == 0, "permits", permits, semaphore);
        require(fireAndForget ? sleepMs >= 0 : sleepMs == 0, "sleepMs", sleepMs, fireAndForget);
        require(mix ? cpuTasks >= 1 : cpuTasks == 0, "cpuTasks", cpuTasks, mix);
        require(mix ? cpuRange >= 1 : cpuRange == 0, "cpuRange", cpuRange, mix);
        if (mix != (arrangement != null)) {
            throw new IllegalArgumentException(mix ? "cpu_io_mix needs an arrangement, one of "
                    + java.util.Arrays.toString(Arrangement.values()) : scenario + " takes no arrangement, got " + arrangement);
        }
    }

    /** The article's setting of {@code scenario}, as its scripts ran it against {@code web.py}. */
    public static ScenarioSetting article(Scenario scenario, Arrangement arrangement) {
        return new ScenarioSetting(scenario, ARTICLE_N, ARTICLE_LATENCY_MS,
                scenario == Scenario.semaphore ? ARTICLE_PERMITS : 0,
                scenario == Scenario.fire_and_forget ? ARTICLE_SLEEP_MS : 0,
                scenario == Scenario.cpu_io_mix ? ARTICLE_CPU_TASKS : 0,
                scenario == Scenario.cpu_io_mix ? CpuTask.ARTICLE_RANGE : 0,
                scenario == Scenario.cpu_io_mix ? arrangement : null);
    }

    /** Whether this is the setting the article measured, so its figure can stand beside ours. */
    public boolean isArticles() {
        return equals(article(scenario, arrangement));
    }

    /** The article's own time for this setting, s, or null when the article did not measure it. */
    public Double articleSeconds() {
        return isArticles() ? scenario.articleSeconds() : null;
    }

    /** The summary rows' model: the arrangement of {@code cpu_io_mix}, "-" for the scenarios without variants. */
    public String model() {
        return arrangement == null ? "-" : arrangement.name();
    }

    /** The file stem of the trial's histograms, naming every param that matters. */
    public String name() {
        StringBuilder name = new StringBuilder(scenario.name());
        if (arrangement != null) {
            name.append('-').append(arrangement.name());
        }
        name.append("-n").append(n).append("-l").append(latencyMs);
        if (permits > 0) {
            name.append("-p").append(permits);
        }
        if (scenario == Scenario.fire_and_forget) {
            name.append("-s").append(sleepMs);
        }
        if (cpuTasks > 0) {
            name.append("-c").append(cpuTasks).append('x').append(cpuRange);
        }
        return name.toString();
    }

    private static void require(boolean holds, String param, long value, boolean used) {
        if (!holds) {
            throw new IllegalArgumentException(used ? param + " must be at least " + ("sleepMs".equals(param) ? 0 : 1)
                    + ", got " + value : param + " must be 0 for a scenario that does not use it, got " + value);
        }
    }
}
