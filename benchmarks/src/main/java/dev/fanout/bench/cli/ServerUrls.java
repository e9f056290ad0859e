package dev.fanout.bench.cli;

import java.net.URI;
import java.net.URISyntaxException;

/** The one form of {@code --server-url} the benchmarks can honour: an http server's root. */
final class ServerUrls {
    private ServerUrls() {
    }

    /**
     * {@code text} as a server's root URL, or null when it is not one: another scheme, no host, or a path, query or
     * fragment, which every request would drop (the benchmarks' endpoints are the server's {@code /} and
     * {@code /random}), so measuring it would measure something else than asked.
     */
    static URI parse(String text) {
        try {
            URI url = new URI(text);
            boolean root = url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/");
            return "http".equals(url.getScheme()) && url.getHost() != null && root && url.getRawQuery() == null
                    && url.getRawFragment() == null ? url : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
