package dev.fanout.bench.compare;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code benchmarks.jar compare BASELINE CURRENT}: exit 0 when nothing is worse, 1 when something is, 2 on
 * bad input. The launcher calls {@link #run}; a usage mistake is one line on stderr, not picocli's usage
 * dump, because in CI logs a one-line cause is what gets read.
 */
@Command(name = "compare", usageHelpAutoWidth = true,
        description = {
                "Compare two benchmark results folders (or jmh.json files) and fail on a regression.",
                "A benchmark is worse only when a Mann-Whitney U test (Holm-corrected across the suite) gives "
                        + "p < alpha AND its median moved the wrong way by at least the threshold. Samples are "
                        + "fork means with 4+ forks on both sides, iterations otherwise. Fan-out benchmarks "
                        + "(ideal_ms in summary.csv) are judged on ratio_to_ideal.",
                "Exit codes: 0 nothing worse, 1 something worse (named on the last line), 2 bad input."})
public final class CompareCommand implements Callable<Integer> {

    public enum Format { text, markdown, json }

    public enum Export { github_action_benchmark, bencher }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", arity = "1", paramLabel = "BASELINE", split = ",", description = "Results folder (or its jmh.json) of the"
            + " reference run; several, comma-separated, are rounds of one build, and their forks are pooled.")
    List<Path> baseline;

    @Parameters(index = "1", arity = "1", paramLabel = "CURRENT", split = ",", description = "Results folder (or its jmh.json) of the"
            + " run under test; several, comma-separated, are pooled likewise.")
    List<Path> current;

    @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.01",
            description = "Significance level after Holm correction (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--threshold", paramLabel = "PERCENT", defaultValue = "10",
            description = "Smallest median change, in percent, that counts (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, markdown or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--export", paramLabel = "TOOL", converter = ExportConverter.class,
            description = "Also write the current run for github-action-benchmark (customSmallerIsBetter) or bencher (BMF).")
    Export export;

    @Option(names = "--export-file", paramLabel = "FILE",
            description = "Where --export writes; without it the export replaces the report on stdout.")
    Path exportFile;

    private PrintStream out;

    public static int run(String[] args, PrintStream out, PrintStream err) {
        CompareCommand command = new CompareCommand();
        command.out = out;
        CommandLine cli = new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("compare: " + e.getMessage().replace('\n', ' ') + " (see compare --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof InputException) {
                err.println("compare: " + e.getMessage().replace('\n', ' '));
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InputException {
        if (!(alpha > 0 && alpha < 1)) {
            throw new InputException("--alpha must be between 0 and 1, got " + alpha);
        }
        if (!(threshold >= 0)) {
            throw new InputException("--threshold must be a percentage of 0 or more, got " + threshold);
        }
        if (exportFile != null && export == null) {
            throw new InputException("--export-file needs --export github-action-benchmark|bencher");
        }
        for (List<Path> side : List.of(baseline, current)) {
            for (int i = 0; i < side.size(); i++) {
                for (Path later : side.subList(i + 1, side.size())) {
                    if (sameRun(side.get(i), later)) {
                        throw new InputException(side.get(i) + " and " + later + " are the same run, given twice on one"
                                + " side: its forks would count twice");
                    }
                }
            }
        }
        for (Path one : baseline) {
            for (Path other : current) {
                if (sameRun(one, other)) {
                    throw new InputException(one + " and " + other + " are the same run: compared with itself it can"
                            + " show no change, whatever the build");
                }
            }
        }
        Report report = Comparer.compare(ResultsLoader.load(baseline), ResultsLoader.load(current),
                new RegressionRule(alpha, threshold));
        if (export != null) {
            String exported = export == Export.bencher ? BencherExporter.export(report) : GithubActionBenchmarkExporter.export(report);
            if (exportFile == null) {
                out.print(exported);
                return report.exitCode();
            }
            write(exportFile, exported);
        }
        out.print(switch (format) {
            case text -> TableFormatter.text(report);
            case markdown -> TableFormatter.markdown(report);
            case json -> JsonFormatter.json(report);
        });
        out.flush();
        return report.exitCode();
    }

    /** Whether the two paths name one run: the same folder, or a folder and its own jmh.json. */
    private static boolean sameRun(Path a, Path b) {
        try {
            Path one = (Files.isDirectory(a) ? a.resolve("jmh.json") : a).toRealPath();
            Path other = (Files.isDirectory(b) ? b.resolve("jmh.json") : b).toRealPath();
            return one.equals(other);
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(Path file, String content) throws InputException {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** The tool is spelled with dashes on the command line, as the tools spell themselves. */
    static final class ExportConverter implements CommandLine.ITypeConverter<Export> {
        @Override
        public Export convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "github-action-benchmark" -> Export.github_action_benchmark;
                case "bencher" -> Export.bencher;
                default -> throw new CommandLine.TypeConversionException(
                        "expected github-action-benchmark or bencher, got '" + value + "'");
            };
        }
    }
}
