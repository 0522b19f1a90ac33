package io.fewshot.ml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpProfileTest {

    private static String event(String name, double ts, double dur, int tid, String shape) {
        return String.format("{\"name\": \"%s\", \"ph\": \"X\", \"ts\": %.3f, \"dur\": %.3f, \"tid\": %d, "
                + "\"pid\": \"CPU Functions\", \"shape\": %s, \"args\": {}}", name, ts, dur, tid, shape);
    }

    @Test
    void eachMicrosecondIsChargedToTheInnermostOperatorThatSpentIt() throws Exception {
        String trace = "[" + String.join(",",
                // conv2d (100) holds convolution (60, holding mkldnn 50) and, after it, add (20); all on thread 1.
                event("aten::conv2d", 0, 100, 1, "[[5, 8, 28, 28]]"),
                event("aten::convolution", 0, 60, 1, "[[5, 8, 28, 28]]"),
                event("aten::mkldnn_convolution", 5, 50, 1, "[[5, 8, 28, 28]]"),
                event("aten::add", 70, 20, 1, "[[5, 512]]"),
                // A second call of add on another thread, alone, with another shape and more self time than the first.
                event("aten::add", 10, 25, 2, "[[5, 2048]]"),
                // Not a complete event: ignored.
                "{\"name\": \"flow\", \"ph\": \"s\", \"ts\": 1, \"tid\": 1}") + "]";

        OpProfile p = OpProfile.fromChromeTrace(new StringReader(trace));

        assertEquals(125, p.rootMicros(), 1e-9);
        Map<String, OpProfile.Op> ops = p.ops().stream()
                .collect(Collectors.toMap(OpProfile.Op::name, Function.identity()));
        assertEquals(20, ops.get("aten::conv2d").selfMicros(), 1e-9);
        assertEquals(10, ops.get("aten::convolution").selfMicros(), 1e-9);
        assertEquals(50, ops.get("aten::mkldnn_convolution").selfMicros(), 1e-9);
        assertEquals(45, ops.get("aten::add").selfMicros(), 1e-9);
        assertEquals(2, ops.get("aten::add").calls());
        assertEquals("[[5,2048]]", ops.get("aten::add").costliestShape());
        assertEquals(125, p.ops().stream().mapToDouble(OpProfile.Op::selfMicros).sum(), 1e-9);
        assertEquals("aten::mkldnn_convolution", p.ops().get(0).name());
    }

    @Test
    void readsTheTraceEventsOfAnObjectShapedTrace() throws Exception {
        String trace = "{\"traceEvents\": [" + event("aten::mul", 0, 7, 1, "[[3]]") + "]}";

        OpProfile p = OpProfile.fromChromeTrace(new StringReader(trace));

        assertEquals(7, p.rootMicros(), 1e-9);
        assertEquals(1, p.ops().size());
    }
}
