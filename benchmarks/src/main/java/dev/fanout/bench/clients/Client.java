package dev.fanout.bench.clients;

import java.util.Arrays;
import java.util.List;

/**
 * The HTTP clients under study, by the names results use: one constant and one small class each. Lower
 * case because these are the names a reader sees in every table and chart, and JMH takes an enum
 * parameter by its name.
 */
public enum Client {
    /** OkHttp 5: blocking calls on the caller's thread; {@code enqueue} runs them on its Dispatcher's pool. */
    okhttp {
        @Override
        public HttpClient create(ClientSettings settings) {
            return new OkHttp(settings);
        }

        @Override
        public boolean asyncHoldsAThreadPerCall() {
            return true;
        }

        @Override
        public String version() {
            return OkHttp.version();
        }
    },
    /**
     * The JDK's {@code java.net.http.HttpClient}: {@code sendAsync} sends on the caller's thread, a fixed pool of
     * one thread per core delivers the responses; its pool and retries need {@link #forkProperties()}.
     */
    jdk {
        @Override
        public HttpClient create(ClientSettings settings) {
            return new JdkHttp(settings);
        }

        @Override
        public String version() {
            return JdkHttp.version();
        }

        @Override
        public List<String> forkProperties() {
            return JdkHttp.forkProperties();
        }

        @Override
        public boolean blockingGetIsManaged() {
            return true;
        }
    },
    /**
     * reactor-netty, what Spring WebFlux runs on: netty event loops (one, for {@code event_loop}), a pool sized for
     * the largest N, and {@code Flux.flatMapSequential} as its own fan-out operator.
     */
    reactor_netty {
        @Override
        public HttpClient create(ClientSettings settings) {
            return new ReactorNetty(settings);
        }

        @Override
        public String version() {
            return ReactorNetty.version();
        }

        @Override
        public boolean hasEventLoop() {
            return true;
        }

        @Override
        public boolean hasFlatMap() {
            return true;
        }
    },

    /**
     * The article's own client, Python's aiohttp: no Java class of it exists. It runs in a Python process of its
     * own, for the {@code asyncio} reference row only (see seed/asyncio_fanout.py), which reports its version.
     */
    aiohttp {
        @Override
        public HttpClient create(ClientSettings settings) {
            throw new UnsupportedOperationException("aiohttp is Python's: the launcher runs it in seed/asyncio_fanout.py");
        }

        @Override
        public String version() {
            return "reported by seed/asyncio_fanout.py in the details of its rows of summary.csv";
        }

        @Override
        public boolean runsInTheJvm() {
            return false;
        }
    };

    /** The clients the benchmark's forks run: every one but the Python reference's. */
    public static List<Client> java() {
        return Arrays.stream(values()).filter(Client::runsInTheJvm).toList();
    }

    /** A new client, with its own connection pool and threads. */
    public abstract HttpClient create(ClientSettings settings);

    /** Whether this is a Java client, run in the benchmark's fork; aiohttp runs in a Python process. */
    public boolean runsInTheJvm() {
        return true;
    }

    /** Whether this client speaks {@code protocol}: every Java client speaks HTTP/1.1 and h2c, aiohttp HTTP/1.1 only. */
    public boolean speaks(Protocol protocol) {
        return protocol == Protocol.http1 || runsInTheJvm();
    }

    /** The library's version, for meta.json. */
    public abstract String version();

    /**
     * Whether a client made with {@link ClientSettings#eventLoop()} offers its {@link HttpClient#eventLoop()}; none but
     * reactor-netty does.
     */
    public boolean hasEventLoop() {
        return false;
    }

    /** Whether the client has its own fan-out operator ({@link HttpClient#flatMap}); none but reactor-netty does. */
    public boolean hasFlatMap() {
        return false;
    }

    /**
     * Whether the client's async API ({@link HttpClient#getAsync}) holds a platform thread a call in flight: OkHttp's
     * Dispatcher runs each enqueued call as a blocking call on a thread of its pool, over HTTP/1.1 and h2c alike.
     */
    public boolean asyncHoldsAThreadPerCall() {
        return false;
    }

    /**
     * Whether the client's blocking {@link HttpClient#get} waits as a
     * {@link java.util.concurrent.ForkJoinPool.ManagedBlocker} (the JDK's {@code send} waits in
     * {@code CompletableFuture.get}, which is one), so that a ForkJoinPool running it starts a spare worker while it
     * waits instead of losing one; a client blocked in a socket read (OkHttp) or on a latch (reactor's
     * {@code block()}) does not tell the pool.
     */
    public boolean blockingGetIsManaged() {
        return false;
    }

    /**
     * The {@code -Dname=value} arguments a JVM must start with to run this client, for settings the library reads
     * only once, when its classes load: the launcher gives them to every fork of a trial that runs this client, and a
     * client whose arguments are missing refuses to start. None for most clients.
     */
    public List<String> forkProperties() {
        return List.of();
    }
}
