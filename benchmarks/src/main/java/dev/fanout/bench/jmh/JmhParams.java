package dev.fanout.bench.jmh;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;

/** A trial's JMH params by name, as its fork records them and the launcher finds them again. */
public final class JmhParams {
    private JmhParams() {
    }

    public static Map<String, String> of(BenchmarkParams params) {
        Map<String, String> values = new LinkedHashMap<>();
        params.getParamsKeys().forEach(key -> values.put(key, params.getParam(key)));
        return values;
    }
}
