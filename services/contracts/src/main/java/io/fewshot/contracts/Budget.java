package io.fewshot.contracts;

/**
 * How long one run may train: a number of meta-training steps and, optionally, a wall-clock cap.
 * Training stops at whichever comes first; {@code wallSeconds == 0} means no wall-clock cap.
 */
public record Budget(int steps, long wallSeconds) {
    public Budget {
        ContractViolation.require(steps > 0, "Budget", "steps", "must be positive, was " + steps);
        ContractViolation.require(wallSeconds >= 0, "Budget", "wallSeconds", "must be >= 0, was " + wallSeconds);
    }

    public static Budget steps(int steps) {
        return new Budget(steps, 0);
    }

    public boolean hasWallClockCap() {
        return wallSeconds > 0;
    }
}
