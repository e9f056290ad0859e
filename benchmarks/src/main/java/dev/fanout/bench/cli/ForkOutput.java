package dev.fanout.bench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a fork said in JMH's output about a write that failed. A fork that cannot write dies before it records (its own
 * record fails, or JFR, whose repository is in the results folder, shuts the JVM down), and the space it held is freed
 * as it exits: only its output still says why.
 */
final class ForkOutput {
    /** The fork's own message for a result it could not write: {@code cannot write <file>: <reason>}. */
    private static final Pattern CANNOT_WRITE = Pattern.compile("cannot write (/\\S+): ([^\\r\\n]+)");
    /** Anything else that ran out of space, JFR among them. */
    private static final Pattern NO_SPACE = Pattern.compile("(?im)^(.*no space left on device.*)$");
    /**
     * What comes before the JVM's own words: JMH's prefix and the decorations of unified logging, as in
     * {@code # Warmup Iteration   1: [1.646s][error][jfr,system] Failed to write to jfr stream ...}.
     */
    private static final Pattern LOG_DECORATIONS = Pattern.compile("^.*?(\\[[^]]*])+\\s*");

    private ForkOutput() {
    }

    /**
     * The first write failure a fork reported in {@code output}, in one line, or null when it reported none.
     *
     * @param dir the results folder, named when the fork's own words name no file
     */
    static String writeFailure(String output, Path dir) {
        Matcher ours = CANNOT_WRITE.matcher(output);
        if (ours.find()) {
            return "cannot write " + ours.group(1) + ": " + ours.group(2).strip();
        }
        Matcher full = NO_SPACE.matcher(output);
        if (full.find()) {
            return "a fork could not write in " + dir + free(dir) + ": "
                    + LOG_DECORATIONS.matcher(full.group(1).strip()).replaceFirst("");
        }
        return null;
    }

    /** " (12 KiB free)", or "" when the disk does not say. */
    private static String free(Path dir) {
        try {
            return " (" + Files.getFileStore(dir).getUsableSpace() / 1024 + " KiB free)";
        } catch (IOException e) {
            return "";
        }
    }
}
