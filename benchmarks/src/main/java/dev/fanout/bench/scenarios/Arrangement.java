package dev.fanout.bench.scenarios;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * Where {@code cpu_io_mix} runs its blocking I/O tasks and its CPU-bound tasks: the summary rows' model.
 * The article's own answer is the first; the others are what Java makes tempting.
 */
public enum Arrangement {
    /**
     * The article's test9: I/O on a thread pool with a thread per I/O task, CPU on a pool sized to the
     * cores (the article's process pool; Java threads need no processes to use every core).
     */
    io_pool_cpu_pool("I/O on a fixed pool of one platform thread per I/O task, CPU on a fixed pool of one per core"),
    /**
     * Everything on virtual threads. A CPU task never blocks, so it keeps its carrier until it ends; with
     * as many CPU tasks as carriers, an I/O task whose response is in waits for a carrier to free up.
     */
    all_virtual("a virtual thread per task, I/O and CPU alike"),
    /**
     * One pool of one thread per core for everything, the "one executor for the service" habit: blocking
     * I/O tasks hold threads the CPU tasks need, and the reverse.
     */
    one_fixed_pool("one fixed pool of one platform thread per core for I/O and CPU"),
    /** I/O on virtual threads, CPU on its own ForkJoinPool of one thread per core: the carriers stay free. */
    io_virtual_cpu_forkjoin("I/O on a virtual thread per task, CPU on a ForkJoinPool of one thread per core");

    private final String description;

    Arrangement(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** The two executors of this arrangement; one and the same when it runs everything together. */
    Pools pools(int ioTasks, int cores) {
        return switch (this) {
            case io_pool_cpu_pool -> new Pools(Executors.newFixedThreadPool(ioTasks), Executors.newFixedThreadPool(cores));
            case all_virtual -> Pools.shared(Executors.newVirtualThreadPerTaskExecutor());
            case one_fixed_pool -> Pools.shared(Executors.newFixedThreadPool(cores));
            case io_virtual_cpu_forkjoin -> new Pools(Executors.newVirtualThreadPerTaskExecutor(), new ForkJoinPool(cores));
        };
    }

    /** The I/O executor and the CPU executor of one arrangement. */
    record Pools(ExecutorService io, ExecutorService cpu) implements AutoCloseable {
        static Pools shared(ExecutorService both) {
            return new Pools(both, both);
        }

        @Override
        public void close() {
            io.shutdownNow();
            cpu.shutdownNow();
        }
    }
}
