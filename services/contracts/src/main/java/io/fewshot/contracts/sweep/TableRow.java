package io.fewshot.contracts.sweep;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fewshot.contracts.Method;
import io.fewshot.contracts.RunSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A row of the paper's Tables 1 and 2. Five methods, six rows: the amortized BNN appears twice,
 * with 1 inner step (learning rate 1.0) and with 5 inner steps (learning rate 0.5).
 */
public enum TableRow {
    MATCHING_NETS("matching-nets", "Matching Networks", Method.MATCHING_NETS, -1),
    PROTO_NETS("protonet", "Prototypical Nets", Method.PROTO_NETS, -1),
    MAML("maml", "MAML", Method.MAML, -1),
    META_SGD("meta-sgd", "Meta-SGD", Method.META_SGD, -1),
    AMORTIZED_BNN_1("amortized-bnn-1", "Amortized BNN, 1 step", Method.AMORTIZED_BNN, 1),
    AMORTIZED_BNN_5("amortized-bnn-5", "Amortized BNN, 5 steps", Method.AMORTIZED_BNN, 5);

    private final String id;
    private final String label;
    private final Method method;
    private final int innerSteps;

    TableRow(String id, String label, Method method, int innerSteps) {
        this.id = id;
        this.label = label;
        this.method = method;
        this.innerSteps = innerSteps;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The row's label as printed in the paper's tables. */
    public String label() {
        return label;
    }

    public Method method() {
        return method;
    }

    /** The row a run belongs to; the amortized BNN's row is told by its inner steps. */
    public static TableRow of(RunSpec spec) {
        return find(spec).orElseThrow(() -> new IllegalArgumentException("no table row for "
                + spec.method().id() + " with " + spec.innerSteps() + " inner steps; the paper's rows use 1 or 5"));
    }

    /** As {@link #of(RunSpec)}, empty for a run outside the paper's rows (e.g. a BNN with 3 steps). */
    public static Optional<TableRow> find(RunSpec spec) {
        for (TableRow row : values()) {
            if (row.method == spec.method() && (row.innerSteps < 0 || row.innerSteps == spec.innerSteps())) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    public static TableRow fromId(String id) {
        for (TableRow r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown table row '" + id + "'; expected one of "
                + Arrays.stream(values()).map(TableRow::id).collect(Collectors.joining(", ")));
    }
}
