package dev.fanout.server;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Many clients at once, each on its own connection, and what each of them got. */
final class Flood {

    private Flood() {
    }

    /**
     * Opens {@code connections} connections at once, sends {@code GET pathAndQuery} on each and reads
     * one response. Returns how many got each outcome: the status code ("200", "503"), or the
     * exception that ended the read ("EOFException": closed without a complete answer,
     * "SocketException": reset, "SocketTimeoutException": no answer in 60 s, long enough to wait out
     * XNIO's accept back-off).
     */
    static Map<String, Integer> of(InetSocketAddress address, int connections, String pathAndQuery) throws InterruptedException, ExecutionException {
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                done.add(clients.submit(() -> outcomes.merge(outcome(address, pathAndQuery), 1, Integer::sum)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return new TreeMap<>(outcomes);
    }

    private static String outcome(InetSocketAddress address, String pathAndQuery) {
        try (RawConnection connection = new RawConnection(address)) {
            connection.socket().setSoTimeout(60_000);
            return Integer.toString(connection.get(pathAndQuery).status());
        } catch (UncheckedIOException e) {
            return e.getCause().getClass().getSimpleName();
        } catch (SocketException e) {
            return e.getClass().getSimpleName();
        }
    }
}
