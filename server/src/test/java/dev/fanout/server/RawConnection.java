package dev.fanout.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a plain socket, for what a client sees byte for byte. Requests on it
 * are strictly sequential: the server reads a connection's next request only after the previous
 * exchange has completed, its counters included, so a {@code /stats} asked on the same connection
 * sees every earlier request on it counted.
 */
final class RawConnection implements AutoCloseable {

    /** How a connection's input ended. */
    enum Ending { CLOSED, RESET, STILL_OPEN }

    /** Everything read until the input ended, and how it ended. */
    record Received(String text, Ending ending) {
    }

    /** One response as parsed from the wire; header names in lower case. */
    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return Http.json(body);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(StubServer server) {
        this(server.address());
    }

    RawConnection(InetSocketAddress address) {
        try {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Socket socket() {
        return socket;
    }

    /** Sends one request and reads its response. */
    Response exchange(String method, String pathAndQuery) {
        send(method, pathAndQuery);
        return readResponse();
    }

    Response get(String pathAndQuery) {
        return exchange("GET", pathAndQuery);
    }

    void send(String method, String pathAndQuery) {
        String body = method.equals("POST") ? "Content-Length: 0\r\n" : "";
        sendRaw(method + " " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n" + body + "\r\n");
    }

    void sendRaw(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response with a {@code Content-Length} body; fails if the connection ends first. */
    Response readResponse() {
        try {
            String statusLine = readLine();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP status line: " + statusLine);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("body ended after " + body.length + " of " + length + " bytes: " + new String(body, StandardCharsets.UTF_8));
            }
            return new Response(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads everything until the server closes the connection ({@link Ending#CLOSED}), resets it
     * ({@link Ending#RESET}), or sends nothing for {@code quietMs} ({@link Ending#STILL_OPEN}).
     */
    Received readUntilClosed(int quietMs) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            socket.setSoTimeout(quietMs);
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                text.write(buffer, 0, read);
            }
            return new Received(text.toString(StandardCharsets.US_ASCII), Ending.CLOSED);
        } catch (SocketTimeoutException e) {
            return new Received(text.toString(StandardCharsets.US_ASCII), Ending.STILL_OPEN);
        } catch (SocketException e) {
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw new UncheckedIOException(e);
            }
            return new Received(text.toString(StandardCharsets.US_ASCII), Ending.RESET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout(30_000);
            } catch (SocketException closed) {
                // Nothing more will be read.
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection ended mid-line after: " + line.toString(StandardCharsets.US_ASCII));
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
