package io.fewshot.ml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Self time per PyTorch operator, read from the Chrome trace PyTorch's profiler writes ({@code JniUtils.startProfile}
 * and {@code stopProfile}). An operator's events nest (aten::conv2d holds aten::convolution holds
 * aten::mkldnn_convolution); its self time is its duration less its children's, so the self times add up to the
 * outermost events' total and each microsecond is charged to the operator that spent it.
 *
 * @param rootMicros the outermost events' total duration
 * @param ops        every operator, the largest self time first
 */
record OpProfile(double rootMicros, List<Op> ops) {

    /**
     * One operator's cost over the trace.
     *
     * @param costliestShape the input shapes of its calls with the most self time between them
     */
    record Op(String name, double selfMicros, int calls, String costliestShape) {
    }

    static OpProfile fromChromeTrace(Reader json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        Map<String, List<JsonNode>> byThread = new HashMap<>();
        for (JsonNode o : events) {
            if (o.has("dur") && "X".equals(o.path("ph").asText())) {
                byThread.computeIfAbsent(o.path("tid").asText(), t -> new ArrayList<>()).add(o);
            }
        }
        Map<String, Totals> totals = new TreeMap<>();
        double rootMicros = 0;
        for (List<JsonNode> thread : byThread.values()) {
            // Parents first: earlier start, and of two that start together the longer.
            thread.sort(Comparator.comparingDouble((JsonNode o) -> o.path("ts").asDouble())
                    .thenComparing(o -> -o.path("dur").asDouble()));
            Deque<Event> open = new ArrayDeque<>();
            List<Event> all = new ArrayList<>();
            for (JsonNode o : thread) {
                Event e = new Event(o.path("name").asText(), o.path("ts").asDouble(), o.path("dur").asDouble(),
                        o.has("shape") ? o.get("shape").toString() : "");
                while (!open.isEmpty() && open.peek().end() <= e.start) {
                    open.pop();
                }
                if (open.isEmpty()) {
                    rootMicros += e.duration;
                } else {
                    open.peek().childMicros += e.duration;
                }
                open.push(e);
                all.add(e);
            }
            for (Event e : all) {
                totals.computeIfAbsent(e.name, n -> new Totals()).add(e);
            }
        }
        List<Op> ops = new ArrayList<>();
        totals.forEach((name, t) -> ops.add(new Op(name, t.selfMicros, t.calls, t.costliestShape())));
        ops.sort(Comparator.comparingDouble(Op::selfMicros).reversed());
        return new OpProfile(rootMicros, ops);
    }

    /** An event on the stack of open ones, collecting its children's time. */
    private static final class Event {
        final String name;
        final double start;
        final double duration;
        final String shape;
        double childMicros;

        Event(String name, double start, double duration, String shape) {
            this.name = name;
            this.start = start;
            this.duration = duration;
            this.shape = shape;
        }

        double end() {
            return start + duration;
        }

        double selfMicros() {
            return duration - childMicros;
        }
    }

    /** One operator's running totals, with self time per input shape. */
    private static final class Totals {
        double selfMicros;
        int calls;
        final Map<String, Double> byShape = new HashMap<>();

        void add(Event e) {
            selfMicros += e.selfMicros();
            calls++;
            byShape.merge(e.shape, e.selfMicros(), Double::sum);
        }

        String costliestShape() {
            return byShape.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        }
    }
}
