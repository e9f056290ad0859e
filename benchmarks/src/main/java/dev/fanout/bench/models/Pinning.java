package dev.fanout.bench.models;

import java.util.concurrent.Callable;

/**
 * Blocking calls that pin a virtual thread to its carrier on purpose: they let a benchmark show what
 * pinning costs and let the footprint profiler's {@code pinned.events} be shown to detect it.
 *
 * <p>A virtual thread that blocks while pinned parks its carrier platform thread instead of unmounting,
 * so the scheduler (one carrier per core by default) runs no other virtual thread on that carrier until
 * the call returns. The JDK reports each such park as a {@code jdk.VirtualThreadPinned} JFR event.
 */
public final class Pinning {

    private Pinning() {
    }

    /**
     * Runs {@code blockingCall} with a native frame beneath it, which pins on every JDK with virtual threads
     * (21 onwards): a continuation cannot be frozen across a native frame, and JEP 491 (JDK 24), which
     * stopped {@code synchronized} from pinning, left this case pinned.
     *
     * <p>The native frame is {@code Class.forName}'s: the VM resolves the name through a class loader of
     * ours and calls back into Java, into {@code loadClass}, which runs the call and then declines the name.
     * Nothing is loaded or cached, so every call pins again. The loader is parallel capable, so concurrent
     * calls are not serialised on a loader lock. Exceptions thrown by the call are rethrown as they are.
     */
    public static <T> T pinnedCall(Callable<T> blockingCall) throws Exception {
        NativeFrameLoader.Call<T> call = new NativeFrameLoader.Call<>(blockingCall);
        NativeFrameLoader.Call<?> outer = NativeFrameLoader.CURRENT.get();
        NativeFrameLoader.CURRENT.set(call);
        try {
            Class.forName(NativeFrameLoader.CALLBACK_NAME, false, NativeFrameLoader.INSTANCE);
            throw new IllegalStateException("the pinning class loader defined a class");
        } catch (ClassNotFoundException declined) {
            return call.outcome();
        } finally {
            if (outer == null) {
                NativeFrameLoader.CURRENT.remove();
            } else {
                NativeFrameLoader.CURRENT.set(outer);
            }
        }
    }

    /**
     * Runs {@code blockingCall} while holding a monitor of its own (so calls never contend with each other).
     * This pins on JDK 21 to 23 only: since JEP 491 (JDK 24) a virtual thread blocking inside
     * {@code synchronized} unmounts like any other. It is the pinning real code used to meet.
     */
    public static <T> T synchronizedCall(Callable<T> blockingCall) throws Exception {
        Object monitor = new Object();
        // Published so that escape analysis cannot prove the lock thread-local and elide it.
        lastMonitor = monitor;
        synchronized (monitor) {
            return blockingCall.call();
        }
    }

    /** Whether {@link #synchronizedCall} pins on the running JDK. */
    public static boolean monitorsPin() {
        return Runtime.version().feature() < 24;
    }

    /**
     * How many carriers the default virtual-thread scheduler has in this JVM, which bounds how many pinned
     * virtual threads can block at once: the JDK reads the same property and defaults to the processor count.
     */
    public static int virtualThreadSchedulerParallelism() {
        String configured = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        return configured != null ? Integer.parseInt(configured.trim()) : Runtime.getRuntime().availableProcessors();
    }

    @SuppressWarnings("unused")
    private static volatile Object lastMonitor;

    private static final class NativeFrameLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        static final String CALLBACK_NAME = Declined.class.getName();
        static final NativeFrameLoader INSTANCE = new NativeFrameLoader();
        static final ThreadLocal<Call<?>> CURRENT = new ThreadLocal<>();

        private NativeFrameLoader() {
            super("fanout-pinning", null);
        }

        @Override
        public Class<?> loadClass(String name) throws ClassNotFoundException {
            Call<?> call = CURRENT.get();
            if (call != null && name.equals(CALLBACK_NAME)) {
                call.run();
            }
            throw Declined.INSTANCE;
        }

        static final class Call<T> {
            private final Callable<T> callable;
            private T result;
            private Exception failure;

            Call(Callable<T> callable) {
                this.callable = callable;
            }

            void run() {
                try {
                    result = callable.call();
                } catch (Exception e) {
                    failure = e;
                }
            }

            T outcome() throws Exception {
                if (failure != null) {
                    throw failure;
                }
                return result;
            }
        }
    }

    /** Thrown on every call, so it carries no stack trace: filling one in would cost more than the call. */
    private static final class Declined extends ClassNotFoundException {
        static final Declined INSTANCE = new Declined();

        private Declined() {
            super(NativeFrameLoader.CALLBACK_NAME + " is a callback, not a class");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
