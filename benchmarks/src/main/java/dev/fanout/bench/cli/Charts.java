package dev.fanout.bench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** How a run's charts get drawn: the notebook, run headless by jupyter, on the run's folder. */
final class Charts {
    private static final Path NOTEBOOK = Path.of("analysis.ipynb");
    private static final long TIMEOUT_S = 300;
    /** Why --charts cannot draw here: checked before the run, not found out after it. */
    static final String NO_NOTEBOOK = "--charts draws with " + NOTEBOOK + ", which is not in the current folder: run"
            + " from the repository's root, or leave --charts out and draw later with the command the run prints";

    /** Whether the notebook that draws the charts is where --charts will look for it. */
    static boolean notebookHere() {
        return Files.exists(NOTEBOOK);
    }

    private Charts() {
    }

    /**
     * Says how to draw the charts of {@code dir}, and draws them when asked to.
     *
     * @return false only when drawing was asked for and failed
     */
    static boolean draw(Path dir, boolean draw, PrintStream out, PrintStream err) {
        List<String> command = List.of("jupyter", "nbconvert", "--to", "notebook", "--execute", NOTEBOOK.toString(),
                "--output-dir", dir.toString());
        String howTo = "RESULTS_DIR=" + dir + " " + String.join(" ", command);
        if (!draw) {
            out.println("charts: " + howTo + "   (or run with --charts)");
            return true;
        }
        try {
            ProcessBuilder jupyter = new ProcessBuilder(command).inheritIO();
            jupyter.environment().put("RESULTS_DIR", dir.toString());
            Process process = jupyter.start();
            if (process.waitFor(TIMEOUT_S, TimeUnit.SECONDS) && process.exitValue() == 0) {
                out.println("charts: " + dir.resolve("charts"));
                return true;
            }
            process.destroyForcibly();
            err.println("charts: the notebook failed; see its output above, or run: " + howTo);
        } catch (IOException e) {
            err.println("charts: jupyter is not installed (apt-get install jupyter-nbconvert python3-pandas"
                    + " python3-matplotlib python3-ipykernel); then run: " + howTo);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
