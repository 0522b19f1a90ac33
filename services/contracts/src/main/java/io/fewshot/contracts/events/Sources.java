package io.fewshot.contracts.events;

/** The CloudEvents {@code source} of each producer (URI references, as the spec allows). */
public final class Sources {
    public static final String INGEST = "/fewshot/ingest";
    public static final String PLANNER = "/fewshot/cli";
    public static final String TRAINER = "/fewshot/trainer";
    public static final String EVALUATOR = "/fewshot/evaluator";
    public static final String REGISTRY = "/fewshot/registry";

    private Sources() {
    }
}
