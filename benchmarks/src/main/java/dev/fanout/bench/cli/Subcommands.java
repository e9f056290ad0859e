package dev.fanout.bench.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** How this jar's small subcommands read their options: picocli on the given streams, bad input one line and exit 2. */
final class Subcommands {
    private Subcommands() {
    }

    /** {@code command}'s picocli line, writing to {@code out} and {@code err}, its bad input named after {@code name}. */
    static CommandLine commandLine(Object command, String name, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(name + ": " + e.getMessage().replace('\n', ' ') + " (see " + name + " --help)");
            return 2;
        });
        return cli;
    }
}
