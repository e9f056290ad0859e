package dev.fanout.bench.clients;

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
        public String version() {
            return OkHttp.version();
        }

        @Override
        public boolean hasEventLoop() {
            return false;
        }

        @Override
        public boolean hasFlatMap() {
            return false;
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
            return "reported by seed/asyncio_fanout.py in the run's asyncio.log";
        }

        @Override
        public boolean hasEventLoop() {
            return false;
        }

        @Override
        public boolean hasFlatMap() {
            return false;
        }

        @Override
        public boolean runsInTheJvm() {
            return false;
        }
    };

    /** A new client, with its own connection pool and threads. */
    public abstract HttpClient create(ClientSettings settings);

    /** Whether this is a Java client, run in the benchmark's fork; aiohttp runs in a Python process. */
    public boolean runsInTheJvm() {
        return true;
    }

    /** The library's version, for meta.json. */
    public abstract String version();

    /** Whether a client made with {@link ClientSettings#eventLoop()} offers its {@link HttpClient#eventLoop()}. */
    public abstract boolean hasEventLoop();

    /** Whether the client has its own fan-out operator ({@link HttpClient#flatMap}). */
    public abstract boolean hasFlatMap();
}
