package dev.fanout.bench.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmarks.jar server-command}: prints the command the launcher starts its stub server with, one argument a
 * line, so that a script measures the server every benchmark runs against, with its heap, collector and I/O threads,
 * rather than a copy of those settings that could drift ({@code server/perf/compare-nginx.sh}).
 */
@Command(name = "server-command", usageHelpAutoWidth = true,
        description = {"Print the command the launcher starts its stub server with (its JVM options, class path and"
                + " server options), one argument a line, for scripts that measure that server: run it with"
                + " mapfile -t cmd < <(java -jar benchmarks.jar server-command --port 8000 --parent-pid $$); \"${cmd[@]}\"",
                "Exit codes: 0 printed, 2 bad input."})
final class ServerCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "Where the server listens, 0 for a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--parent-pid", paramLabel = "PID", required = true,
            description = "The process whose end stops the server (a script's own, $$), as the launcher's stops it.")
    long parentPid;

    private PrintStream out;

    static int run(String[] args, PrintStream out, PrintStream err) {
        ServerCommand command = new ServerCommand();
        command.out = out;
        return Subcommands.commandLine(command, "server-command", out, err).execute(args);
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65_535 || parentPid < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--port must be 0 to 65535 and --parent-pid a process id, got " + port + " and " + parentPid);
        }
        ServerProcess.javaCommand(port, parentPid).forEach(out::println);
        return 0;
    }
}
