package dev.fanout.bench.compare;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The real results folders under src/test/resources/compare (see the README there). */
final class Fixtures {

    private Fixtures() {
    }

    /** First of two quick real runs of one build. */
    static Path aa1() {
        return resource("compare/aa-1");
    }

    /** Second run of the same build, for A/A comparisons. */
    static Path aa2() {
        return resource("compare/aa-2");
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
