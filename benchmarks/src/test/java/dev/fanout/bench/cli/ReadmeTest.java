package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.bench.suite.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's profile table quotes each profile's estimate, which {@code --help} and {@code --list} print from the
 * same plan: a profile that changes without its row fails here, not in a reader's hands. The README quotes JDK 25's
 * plans: on another JDK the plan leaves out {@code structured} (a JDK 25 preview), and its estimates are shorter.
 */
class ReadmeTest {
    /** Maven runs the tests in the module's folder; the README is the project's. */
    private static final Path README = Path.of("..", "README.md");

    @Test
    void everyProfilesRowQuotesItsEstimateOnTwoCores() throws Exception {
        assumeTrue(Runtime.version().feature() == Workload.STRUCTURED_JDK, "the README quotes JDK 25's plans");
        List<String> lines = Files.readAllLines(README);
        for (Profile profile : Profile.values()) {
            String row = "| `--profile " + profile.id() + "` |";
            assertThat(lines).as("the README's row of " + profile.id())
                    .filteredOn(line -> line.startsWith(row)).singleElement().asString()
                    .contains("about " + Format.duration(Plan.estimate(profile, 2)));
        }
    }
}
