package dev.fanout.server;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * Real requests through the server's handler chain before the server accepts its first client,
 * so that everything the request path initialises lazily is initialised while file descriptors
 * are plentiful.
 * <p>
 * Why: several things the JVM initialises on first use read a file, and a class whose static
 * initialiser fails once stays failed for the life of the JVM. Issue 14: out of file descriptors,
 * the first response needed the time-zone data ({@code lib/tzdb.dat}) for Undertow's
 * {@code Date} header, as did Jackson's first use and the formatting of XNIO's "accept failed"
 * warning; {@code sun.util.calendar.ZoneInfoFile} failed to initialise, and from then on every
 * response failed, long after the descriptors came back. Classes loaded from a directory on the
 * class path need a file each as well.
 * <p>
 * So this starts a listener of its own on loopback, on the server's XNIO worker with the server's
 * Undertow options and buffers, in front of a {@link StubHandler} with its own counters and random
 * streams (so neither {@code /stats} nor the seeded draws change, and no client of the server ever
 * meets it). It sends one request down each path a request can take (immediate answers, the timer,
 * the distributions, {@code /random}, errors, {@code /stats}, clients hanging up or half-closing
 * mid-delay, each {@link Fault}), checks each answer, and closes the listener. Then it formats one warning with
 * each handler of the root logger (without publishing it): the {@code Date} header's formatting
 * already loads the time-zone data the log formatter needs, but this keeps the path that failed
 * first in issue 14 covered on its own.
 */
final class StartupSelfCheck {

    private static final int TIMEOUT_MS = 10_000;

    private final InetSocketAddress target;
    private final ServerStats stats;

    private StartupSelfCheck(InetSocketAddress target, ServerStats stats) {
        this.target = target;
        this.stats = stats;
    }

    /**
     * @param config the server's; any delay the check asks for is allowed, whatever its {@code maxDelayMs}
     * @throws IllegalStateException if any answer is not the expected one
     */
    static void run(XnioWorker worker, ByteBufferPool buffers, OptionMap undertowOptions, StubServerConfig config) {
        ServerStats stats = new ServerStats(config.ioThreads());
        StubServerConfig checkConfig = config.withDefaultDelayMs(0).withMaxDelayMs(StubServerConfig.MAX_DELAY_LIMIT_MS);
        HttpOpenListener http = new HttpOpenListener(buffers, undertowOptions);
        http.setRootHandler(new StubHandler(checkConfig, stats, new IoThreadRandoms(0, config.ioThreads())));
        AcceptingChannel<StreamConnection> listener = null;
        try {
            listener = worker.createStreamConnectionServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    ChannelListeners.openListenerAdapter(http), OptionMap.EMPTY);
            listener.resumeAccepts();
            StartupSelfCheck check = new StartupSelfCheck(listener.getLocalAddress(InetSocketAddress.class), stats);
            check.everyPath();
            check.clientsHangingUp();
            check.faults();
        } catch (IOException e) {
            throw new UncheckedIOException("start-up self-check: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("start-up self-check interrupted", e);
        } finally {
            IoUtils.safeClose(listener);
        }
        initialiseLogFormatting();
    }

    private void everyPath() throws IOException {
        try (Socket socket = connect()) {
            expect(socket, "GET", "/health", 200);
            expect(socket, "GET", "/?delay=0", 200);
            expect(socket, "GET", "/random?delay=0", 200);
            expect(socket, "GET", "/delay/1", 200);
            expect(socket, "GET", "/?delay=1&dist=uniform&jitter=1", 200);
            expect(socket, "GET", "/?delay=1&dist=exponential", 200);
            expect(socket, "GET", "/random?delay=1&dist=lognormal&sigma=0.1", 200);
            expect(socket, "GET", "/?delay=x", 400);
            expect(socket, "GET", "/missing", 404);
            expect(socket, "POST", "/health", 405);
            expect(socket, "GET", "/stats", 200);
            expect(socket, "POST", "/stats/reset", 200);
        }
    }

    /**
     * The ways {@link DelayedResponse} meets a client's end: a reset mid-delay, noticed at once; a
     * half-close, answered and then closed; a reset after a half-close, noticed when the answer is due.
     */
    private void clientsHangingUp() throws IOException, InterruptedException {
        try (Socket socket = connect()) {
            send(socket, "GET", "/delay/60000");
            awaitInFlight(1);
            socket.setSoLinger(true, 0);
        }
        awaitInFlight(0);
        try (Socket socket = connect()) {
            send(socket, "GET", "/delay/1");
            socket.shutdownOutput();
            expectAnswer(socket, "GET /delay/1, then a half-close", 200);
            if (socket.getInputStream().read() >= 0) {
                throw new IllegalStateException("start-up self-check: a half-closed connection went on after its answer");
            }
        }
        try (Socket socket = connect()) {
            send(socket, "GET", "/delay/20");
            awaitInFlight(1);
            socket.shutdownOutput();
            socket.setSoLinger(true, 0);
        }
        awaitInFlight(0);
    }

    /** Each fault once; the trickle last, left to fail on a reset connection after the check. */
    private void faults() throws IOException, InterruptedException {
        try (Socket socket = connect()) {
            expect(socket, "GET", "/?delay=0&fault=500", 500);
            expect(socket, "GET", "/delay/1?fault=503", 503);
            expect(socket, "GET", "/random?delay=0&fault=unknown", 400);
        }
        for (Fault closing : new Fault[] {Fault.CLOSE, Fault.MALFORMED, Fault.TRUNCATED, Fault.RESET}) {
            try (Socket socket = connect()) {
                send(socket, "GET", "/?delay=0&fault=" + closing.queryName());
                readUntilClosed(socket, closing);
            }
        }
        try (Socket socket = connect()) {
            send(socket, "GET", "/?delay=0&fault=" + Fault.HANG.queryName());
            awaitInFlight(1);
        }
        awaitInFlight(0);
        try (Socket socket = connect()) {
            send(socket, "GET", "/?delay=0&fault=" + Fault.TRICKLE.queryName());
            readLine(socket.getInputStream());
            socket.setSoLinger(true, 0);
        }
    }

    private static void readUntilClosed(Socket socket, Fault fault) throws IOException {
        try {
            while (socket.getInputStream().read() >= 0) {
                // Whatever the fault sends before it closes.
            }
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("start-up self-check: fault=" + fault.queryName() + " left the connection open", e);
        } catch (SocketException reset) {
            // The reset fault's way of closing.
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(target.getAddress(), target.getPort());
        socket.setSoTimeout(TIMEOUT_MS);
        return socket;
    }

    private static void expect(Socket socket, String method, String path, int status) throws IOException {
        send(socket, method, path);
        expectAnswer(socket, method + " " + path, status);
    }

    private static void expectAnswer(Socket socket, String request, int status) throws IOException {
        InputStream in = socket.getInputStream();
        String statusLine = readLine(in);
        int contentLength = 0;
        for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(contentLength);
        if (!statusLine.startsWith("HTTP/1.1 " + status + " ")) {
            throw new IllegalStateException("start-up self-check: " + request + " answered \"" + statusLine + "\", expected " + status);
        }
    }

    private static void send(Socket socket, String method, String path) throws IOException {
        String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the server closed the connection mid-response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private void awaitInFlight(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (stats.inFlight() != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("start-up self-check: in_flight stayed at " + stats.inFlight() + ", expected " + expected);
            }
            Thread.sleep(1);
        }
    }

    /**
     * Formats (does not publish) a warning the way a real one would be, exception and all. The
     * default time zone is loaded first in any case, for logging set up some other way.
     */
    private static void initialiseLogFormatting() {
        ZoneId.systemDefault().getRules();
        LogRecord record = new LogRecord(Level.WARNING, "start-up self-check");
        record.setThrown(new IOException("start-up self-check"));
        record.setLoggerName(StartupSelfCheck.class.getName());
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (handler.getFormatter() != null) {
                handler.getFormatter().format(record);
            }
        }
    }
}
