package dev.fanout.bench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar benchmarks.jar ...} as a user runs it, for the integration tests. */
record JarRun(int exitCode, String out, String err) {
    private static final long TIMEOUT_S = 240;

    static Path jar() {
        String jar = System.getProperty("benchmarks.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("no benchmarks.jar: run the integration tests with mvn verify");
        }
        return Path.of(jar);
    }

    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    static JarRun of(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jar-out", ".txt");
        Path err = Files.createTempFile("jar-err", ".txt");
        Process process = command(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("benchmarks.jar did not finish within " + TIMEOUT_S + " s: " + String.join(" ", args)
                    + "\n" + Files.readString(out));
        }
        return new JarRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    List<String> outLines() {
        return out.lines().toList();
    }
}
