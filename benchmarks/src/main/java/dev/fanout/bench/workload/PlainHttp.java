package dev.fanout.bench.workload;

import dev.fanout.bench.clients.Reply;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a kept-alive blocking socket of the harness's own, for the questions the harness asks the server
 * about itself ({@code /stats}, the calibration's loopback requests), so that none of them runs through the client
 * under test. Asked through that client, at N = 10,000 the {@code /stats} answer (about 470 bytes with its headers,
 * against 144 for the fan-out's) came in two reads once netty's adaptive receive buffer had shrunk to the fan-out's
 * answers, which happens only after about ten reads a connection, that is in the measured ops, not in the warm-up: a
 * path the response code had never taken, and C2 threw that code away and compiled it again while the ops ran
 * (docs/spread.md).
 *
 * <p>An answer must carry its {@code Content-Length} (the stub server's and uvicorn's do), or have no body (1xx,
 * 204, 304); anything else, a chunked answer included, is an IOException that says what it was.
 */
public final class PlainHttp implements AutoCloseable {
    // Compiled once: the calibration times these reads, and String.matches compiles its pattern at every call.
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] [0-9]{3}( .*)?");
    private static final Pattern LENGTH = Pattern.compile("[0-9]{1,9}");

    private final URI server;
    private final int timeoutMillis;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    /**
     * @param server  the server's root; connected to on the first question
     * @param timeout the longest wait to connect, and for each part of an answer
     */
    public PlainHttp(URI server, Duration timeout) {
        this.server = server;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /**
     * Asks {@code url} (a path of this server) with no body and reads the whole answer, on the connection kept from
     * the last question. A connection the server closed while idle fails the first try; the question is asked once
     * more, on a new connection.
     *
     * @throws IOException when the server cannot be reached, or does not answer in time, in whole or as HTTP/1.1
     */
    public Reply exchange(String method, URI url) throws IOException {
        return exchange(request(method, url));
    }

    /** {@link #exchange(String, URI)} for a request built once with {@link #request}, as a timed loop asks it. */
    public Reply exchange(byte[] request) throws IOException {
        try {
            return once(request);
        } catch (IOException first) {
            close();
            return once(request);
        }
    }

    private Reply once(byte[] request) throws IOException {
        if (socket == null) {
            Socket opened = new Socket();
            try {
                opened.connect(new InetSocketAddress(server.getHost(), server.getPort() < 0 ? 80 : server.getPort()),
                        timeoutMillis);
                opened.setSoTimeout(timeoutMillis);
                opened.setTcpNoDelay(true);
                out = opened.getOutputStream();
                in = new BufferedInputStream(opened.getInputStream());
            } catch (IOException e) {
                opened.close();
                throw e;
            }
            socket = opened;
        }
        out.write(request);
        out.flush();
        return read(in);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing was being written: the connection is gone either way
            }
            socket = null;
        }
    }

    /** The bytes of a request with no body, to be answered on a kept-alive connection. */
    public static byte[] request(String method, URI url) {
        String target = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return (method + " " + target + " HTTP/1.1\r\nHost: " + url.getHost() + port + "\r\n"
                + ("GET".equals(method) ? "" : "Content-Length: 0\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one answer: its status line, its headers, then its {@code Content-Length} bytes of body. */
    static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!STATUS_LINE.matcher(statusLine).matches()) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        String contentType = "";
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                String value = header.substring(15).trim();
                if (!LENGTH.matcher(value).matches()) {
                    throw new IOException("not a length: " + header);
                }
                length = Long.parseLong(value);
            } else if (header.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                contentType = header.substring(13).trim();
            } else if (header.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                throw new IOException("an answer sent with " + header + ", which this reader does not take");
            }
        }
        boolean bodiless = status < 200 || status == 204 || status == 304;
        if (length < 0 && !bodiless) {
            throw new IOException("an answer without a Content-Length: " + statusLine);
        }
        byte[] body = bodiless ? new byte[0] : in.readNBytes((int) length);
        if (body.length != Math.max(length, 0)) {
            throw new IOException("the answer ended after " + body.length + " of its " + length + " bytes");
        }
        return new Reply(status, contentType, new String(body, StandardCharsets.UTF_8));
    }

    /** One line of the status line and headers, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection before the end of the answer's headers");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
