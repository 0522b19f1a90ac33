package io.fewshot.ml.methods;

/**
 * The outer learning rate at a step: constant, step decay (multiply by {@code factor} every
 * {@code every} steps, as Prototypical Networks halve it every 2000 episodes) or cosine to zero at
 * {@code totalSteps}.
 */
public record LrSchedule(String kind, double base, int every, double factor, int totalSteps) {

    public LrSchedule {
        if (!kind.equals("constant") && !kind.equals("step") && !kind.equals("cosine")) {
            throw new IllegalArgumentException("lrSchedule must be constant, step or cosine; was '" + kind + "'");
        }
        if (base <= 0) {
            throw new IllegalArgumentException("lr must be positive, was " + base);
        }
        if (kind.equals("cosine") && totalSteps <= 0) {
            throw new IllegalArgumentException("a cosine schedule decays over a number of steps: give the budget "
                    + "steps or lrScheduleSteps (was " + totalSteps + ")");
        }
    }

    public double at(long step) {
        return switch (kind) {
            case "step" -> base * Math.pow(factor, every <= 0 ? 0 : step / every);
            case "cosine" -> base * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, step / (double) totalSteps)));
            default -> base;
        };
    }
}
