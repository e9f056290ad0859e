package dev.fanout.bench.cli;

import dev.fanout.bench.recording.CannotWriteException;
import dev.fanout.bench.recording.ResultsLayout;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run writes: a folder of its own. A folder that already holds a run is refused, not overwritten: a
 * 4-trial run replaced by a 1-trial one, with the old histograms left beside the new, would be a results folder
 * that lies.
 */
final class ResultsFolder {
    private ResultsFolder() {
    }

    /** A folder can't be used for this run; the message says why in one line. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Creates {@code dir} (and its parents) when needed and returns it absolute.
     *
     * @throws Refused when it is a file, already holds a run, or cannot be created
     */
    static Path prepare(Path dir) throws Refused {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Refused("--results " + dir + " is a file, not a folder");
        }
        for (Path file : List.of(ResultsLayout.metaJson(dir), ResultsLayout.summaryCsv(dir), ResultsLayout.jmhJson(dir))) {
            if (Files.exists(file)) {
                throw new Refused("--results " + dir + " already holds a run (" + file.getFileName()
                        + "): give another folder, or remove this one to run again");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new Refused("--results " + dir + ": " + e.getFile() + " is a file, not a folder");
        } catch (IOException e) {
            throw new Refused("cannot create the results folder " + dir + ": " + CannotWriteException.osReason(e));
        }
        if (!Files.isWritable(dir)) {
            throw new Refused("cannot write in the results folder " + dir);
        }
        return dir.toAbsolutePath().normalize();
    }
}
