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
    };

    /** A new client, with its own connection pool and threads. */
    public abstract HttpClient create(ClientSettings settings);

    /** The library's version, for meta.json. */
    public abstract String version();

    /** Whether a client made with {@link ClientSettings#eventLoop()} offers its {@link HttpClient#eventLoop()}. */
    public abstract boolean hasEventLoop();

    /** Whether the client has its own fan-out operator ({@link HttpClient#flatMap}). */
    public abstract boolean hasFlatMap();
}
