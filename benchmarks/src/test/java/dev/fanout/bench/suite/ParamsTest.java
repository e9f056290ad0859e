package dev.fanout.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.jmh.FanOutBenchmark;
import dev.fanout.bench.jmh.ServiceBenchmark;
import dev.fanout.bench.recording.CsvTable;
import dev.fanout.bench.recording.SummaryColumns;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.recording.TrialSpec;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/**
 * Each param is declared once, in {@link Params}; what JMH and {@link Setting} need of it apart from the declaration
 * (an {@code @Param} field, a record component) is checked against it here, so that the three cannot drift.
 */
class ParamsTest {
    @Test
    void settingHasOneComponentForEachDeclaredParam() {
        assertThat(Arrays.stream(Setting.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactlyInAnyOrderElementsOf(names(Params.ALL));
    }

    @Test
    void eachBenchmarkHasAParamFieldForEachParamItTakes() {
        assertThat(paramFields(FanOutBenchmark.class)).containsExactlyInAnyOrderElementsOf(
                names(Params.ALL.stream().filter(param -> !param.isServiceOnly()).toList()));
        assertThat(paramFields(ServiceBenchmark.class)).containsExactlyInAnyOrderElementsOf(names(Params.ALL));
    }

    /**
     * The labels and file stems of the committed runs, made before the params were declared, come out of the
     * declarations unchanged: compare matches rows by them, and the notebook finds histograms by them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reference", "service", "seed", "structured"})
    void theCommittedRunsLabelsAndStemsAreWhatTheDeclarationsMake(String run) throws IOException {
        List<SummaryRow> rows = CsvTable.read(Path.of("..", "results", run, "summary.csv"), SummaryColumns.ALL);
        assertThat(rows).isNotEmpty();
        for (SummaryRow row : rows) {
            Setting setting = Setting.fromParams(TrialSpec.params(row.get(SummaryColumns.JMH_PARAMS)));
            boolean knee = row.get(SummaryColumns.BENCHMARK).equals(SummaryRow.KNEE);
            assertThat(knee ? setting.sweepLabel() + " knee" : setting.label()).isEqualTo(row.get(SummaryColumns.TRIAL));
            if (row.get(SummaryColumns.HDR) != null) {
                assertThat("hdr/" + setting.benchmark() + "/" + setting.stem()).isEqualTo(row.get(SummaryColumns.HDR));
            }
        }
    }

    @Test
    void everyParamHasAHelpLineAndTheNeutralValueReadsBackAsItself() {
        for (TrialParam<?> param : Params.ALL) {
            assertThat(param.help()).as(param.name()).isNotBlank();
            assertThat(roundTrip(param)).as(param.name()).isTrue();
        }
    }

    private static <T> boolean roundTrip(TrialParam<T> param) {
        return java.util.Objects.equals(param.parse(param.spell(param.neutral())), param.neutral());
    }

    private static List<String> names(List<TrialParam<?>> params) {
        return params.stream().map(TrialParam::name).toList();
    }

    private static List<String> paramFields(Class<?> benchmark) {
        List<String> names = new ArrayList<>();
        for (Class<?> type = benchmark; type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(Param.class)) {
                    names.add(field.getName());
                }
            }
        }
        return names;
    }
}
