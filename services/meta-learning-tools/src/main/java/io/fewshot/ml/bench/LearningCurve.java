package io.fewshot.ml.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A row's validation accuracy against wall seconds (pretraining included). Its best point is the one
 * the trainer keeps as best.ckpt: the first validation with the highest accuracy.
 */
public final class LearningCurve {
    /** @param seconds wall seconds since the row started, pretraining included, when validation ended */
    public record Point(double seconds, long step, double accuracy) {
    }

    private final List<Point> points = new ArrayList<>();

    public LearningCurve add(Point p) {
        if (!points.isEmpty() && p.seconds() < points.get(points.size() - 1).seconds()) {
            throw new IllegalArgumentException("a curve's points come in time order: " + p + " after "
                    + points.get(points.size() - 1));
        }
        points.add(p);
        return this;
    }

    public List<Point> points() {
        return Collections.unmodifiableList(points);
    }

    /** The first point of highest accuracy (a later tie does not replace it, as in MetaTrainer). */
    public Optional<Point> best() {
        Point best = null;
        for (Point p : points) {
            if (best == null || p.accuracy() > best.accuracy()) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The wall seconds of the first validation at or above {@code accuracy}, if any. */
    public Optional<Double> secondsToReach(double accuracy) {
        return points.stream().filter(p -> p.accuracy() >= accuracy).map(Point::seconds).findFirst();
    }

    public static LearningCurve of(List<Point> points) {
        LearningCurve c = new LearningCurve();
        points.forEach(c::add);
        return c;
    }
}
