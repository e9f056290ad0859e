package dev.fanout.bench.cli;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point, compiled for Java 8 so that an older {@code java} runs it far enough to say what the
 * harness needs, instead of failing with a raw {@code UnsupportedClassVersionError} about class file versions.
 * Everything else is compiled for Java 21 and reached by name, once the running JDK is known to load it.
 */
public final class Start {
    /** The oldest Java the harness runs on: virtual threads. */
    private static final int NEEDED = 21;

    private Start() {
    }

    public static void main(String[] args) throws Throwable {
        String version = System.getProperty("java.specification.version");
        if (feature(version) < NEEDED) {
            System.err.println("error: benchmarks.jar needs Java " + NEEDED + " or newer (virtual threads); this is Java "
                    + version + " (" + System.getProperty("java.home") + "), the first java on the PATH.");
            System.err.println("Put a JDK " + NEEDED + "+ first on the PATH, e.g.: export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64"
                    + " && export PATH=\"$JAVA_HOME/bin:$PATH\"");
            System.exit(2);
        }
        try {
            Class.forName("dev.fanout.bench.cli.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The feature release of a {@code java.specification.version}: "1.8" is 8, "17" is 17. */
    static int feature(String specificationVersion) {
        String[] parts = specificationVersion.split("\\.");
        return Integer.parseInt(parts[0].equals("1") && parts.length > 1 ? parts[1] : parts[0]);
    }
}
