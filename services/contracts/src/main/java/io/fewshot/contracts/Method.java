package io.fewshot.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The five meta-learning methods of the paper's tables. The id is what travels in JSON. */
public enum Method {
    MATCHING_NETS("matching-nets", "Matching Networks"),
    PROTO_NETS("protonet", "Prototypical Networks"),
    MAML("maml", "MAML"),
    META_SGD("meta-sgd", "Meta-SGD"),
    AMORTIZED_BNN("amortized-bnn", "Amortized BNN");

    private final String id;
    private final String displayName;

    Method(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    @JsonCreator
    public static Method fromId(String id) {
        for (Method m : values()) {
            if (m.id.equals(id) || m.name().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + id + "'; expected one of "
                + Arrays.stream(values()).map(Method::id).collect(Collectors.joining(", ")));
    }
}
