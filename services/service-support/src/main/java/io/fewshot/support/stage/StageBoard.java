package io.fewshot.support.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * What a stage process knows of its runs, for GET /runs/{id}, and the metrics every stage has:
 * {@code fsb.<stage>.runs.in.progress} and {@code fsb.<stage>.runs} by outcome.
 *
 * @param <S> the stage's status record
 */
public final class StageBoard<S> {
    private final Map<String, S> runs = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final String stage;

    /**
     * @param inProgress which statuses count as runs in progress
     * @param gaugeText  the in-progress gauge's description, e.g. "runs training now"
     */
    public StageBoard(MeterRegistry registry, String stage, Predicate<S> inProgress, String gaugeText) {
        this.registry = registry;
        this.stage = stage;
        Gauge.builder(metric("runs.in.progress"), runs, r -> r.values().stream().filter(inProgress).count())
                .description(gaugeText).register(registry);
    }

    /** {@code fsb.<stage>.<name>}. */
    public String metric(String name) {
        return "fsb." + stage + "." + name;
    }

    /** A gauge summing a value over the runs that {@code which} selects. */
    public void sumGauge(String name, String description, Predicate<S> which, ToDoubleFunction<S> value) {
        Gauge.builder(metric(name), runs, r -> r.values().stream().filter(which).mapToDouble(value).sum())
                .description(description).register(registry);
    }

    public Optional<S> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    public void put(String runId, S status) {
        runs.put(runId, status);
    }

    /** Changes a run this process knows; a run it does not know stays unknown. */
    public void update(String runId, UnaryOperator<S> change) {
        runs.computeIfPresent(runId, (id, s) -> change.apply(s));
    }

    /** Sets a run's status from its previous one (null if this process did not know it). */
    public void compute(String runId, BiFunction<String, S, S> next) {
        runs.compute(runId, next);
    }

    /** Counts an ended run under {@code fsb.<stage>.runs{outcome}}. */
    public void countOutcome(Enum<?> outcome, String description) {
        Counter.builder(metric("runs")).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .description(description).register(registry).increment();
    }
}
