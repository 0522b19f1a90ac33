package io.fewshot.ml.methods;

/**
 * The outer learning rate at a step: constant, step decay (multiply by {@code factor} every
 * {@code every} steps, as Prototypical Networks halve it every 2000 episodes), cosine to zero at
 * {@code totalSteps}, or {@code cosine-wall}: cosine to zero at {@code wallSeconds} of training (validation
 * included), for a row whose budget is wall time on a machine whose speed is not known in advance.
 */
public record LrSchedule(String kind, double base, int every, double factor, int totalSteps, double wallSeconds) {
    public static final String COSINE_WALL = "cosine-wall";

    public LrSchedule {
        if (!kind.equals("constant") && !kind.equals("step") && !kind.equals("cosine") && !kind.equals(COSINE_WALL)) {
            throw new IllegalArgumentException("lrSchedule must be constant, step, cosine or " + COSINE_WALL
                    + "; was '" + kind + "'");
        }
        if (base <= 0) {
            throw new IllegalArgumentException("lr must be positive, was " + base);
        }
        if (kind.equals("cosine") && totalSteps <= 0) {
            throw new IllegalArgumentException("a cosine schedule decays over a number of steps: give the budget "
                    + "steps or lrScheduleSteps (was " + totalSteps + ")");
        }
        if (kind.equals(COSINE_WALL) && !(wallSeconds > 0)) {
            throw new IllegalArgumentException("a " + COSINE_WALL + " schedule decays over the budget's wall time: "
                    + "give the budget wall seconds (was " + wallSeconds + ")");
        }
    }

    /** The rate of step {@code step}, taken after {@code trainSeconds} of training. */
    public double at(long step, double trainSeconds) {
        return switch (kind) {
            case "step" -> base * Math.pow(factor, every <= 0 ? 0 : step / every);
            case "cosine" -> halfCosine(step / (double) totalSteps);
            case COSINE_WALL -> halfCosine(trainSeconds / wallSeconds);
            default -> base;
        };
    }

    /** Where a decaying schedule ends, in its own unit (steps or seconds); 0 for those that do not end. */
    public double horizon() {
        return switch (kind) {
            case "cosine" -> totalSteps;
            case COSINE_WALL -> wallSeconds;
            default -> 0;
        };
    }

    private double halfCosine(double fraction) {
        return base * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, fraction)));
    }
}
