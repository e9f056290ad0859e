package dev.fanout.bench.cli;

import dev.fanout.bench.compare.CompareCommand;
import dev.fanout.server.ServerMain;
import java.util.Arrays;

/**
 * The entry point of {@code benchmarks.jar}: {@code server ...} runs the stub server, {@code server-command} prints
 * how the launcher starts it, {@code compare ...} compares two runs, {@code scheduler} measures service mode's
 * scheduling error, anything else runs the benchmarks.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int code = switch (args.length == 0 ? "" : args[0]) {
            case "server" -> ServerMain.run(rest, System.out, System.err);
            case "server-command" -> ServerCommand.run(rest, System.out, System.err);
            case "compare" -> CompareCommand.run(rest, System.out, System.err);
            case "scheduler" -> SchedulerCheck.run(rest, System.out, System.err);
            default -> Launcher.run(args, System.out, System.err);
        };
        System.exit(code);
    }
}
