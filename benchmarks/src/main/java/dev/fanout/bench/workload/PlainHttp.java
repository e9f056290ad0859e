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

/**
 * HTTP/1.1 over a blocking socket of the harness's own, for the questions the harness asks the server about
 * itself ({@code /stats}, the calibration's loopback request), so that none of them runs through the client under
 * test. Asked through that client, at N = 10,000 the {@code /stats} answer (about 460 bytes, against 144 for the
 * fan-out's) came in two reads once netty's adaptive receive buffer had shrunk to the fan-out's answers, which
 * happens only after about ten reads a connection, that is in the measured ops, not in the warm-up: a path the
 * response code had never taken, and C2 threw that code away and compiled it again while the ops ran
 * (docs/spread.md).
 *
 * <p>Answers are read by {@code Content-Length}, or to the end of the connection when they have none; a chunked
 * answer is refused with an IOException.
 */
public final class PlainHttp {
    private PlainHttp() {
    }

    /**
     * Asks {@code url} once on a new connection, with {@code Connection: close} and no body, and reads the whole
     * answer.
     *
     * @throws IOException when the server cannot be reached, or does not answer in time or in whole
     */
    public static Reply exchange(String method, URI url, Duration timeout) throws IOException {
        int millis = Math.toIntExact(timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort()), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(request(method, url, false));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    /** The bytes of a request with no body; {@code keepAlive} false asks the server to close after answering. */
    public static byte[] request(String method, URI url, boolean keepAlive) {
        String target = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return (method + " " + target + " HTTP/1.1\r\nHost: " + url.getHost() + port + "\r\n"
                + (keepAlive ? "" : "Connection: close\r\n")
                + ("GET".equals(method) ? "" : "Content-Length: 0\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one answer: its status line, its headers, then its body. */
    public static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine, e);
        }
        int length = -1;
        String contentType = "";
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (header.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                contentType = header.substring(13).trim();
            } else if (header.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                throw new IOException("a chunked answer, which this reader does not take: " + statusLine);
            }
        }
        byte[] body = length < 0 ? in.readAllBytes() : in.readNBytes(length);
        if (length >= 0 && body.length != length) {
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
