package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (Kingma and Ba 2015) over functional weights. Its whole state — first and second moments
 * and the step count — is explicit, so a checkpoint can restore it exactly.
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final Params firstMoment;
    private final Params secondMoment;
    private long steps;

    public Adam(NDManager m, Params params) {
        this.firstMoment = params.map((k, v) -> m.zeros(v.getShape(), v.getDataType()));
        this.secondMoment = params.map((k, v) -> m.zeros(v.getShape(), v.getDataType()));
    }

    /** Restores a saved state; shapes must match the parameters. */
    public Adam(Params firstMoment, Params secondMoment, long steps) {
        this.firstMoment = firstMoment;
        this.secondMoment = secondMoment;
        this.steps = steps;
    }

    /** One update of every parameter from its accumulated gradient, in place. */
    public void step(Params params, double lr) {
        steps++;
        double c1 = 1 - Math.pow(BETA1, steps);
        double c2 = 1 - Math.pow(BETA2, steps);
        try (Autograd.Scope off = Autograd.disabled(); NDManager scratch = params.arrays().get(0).getManager()
                .newSubManager()) {
            for (String name : params.names()) {
                NDArray p = params.get(name);
                NDArray m = firstMoment.get(name);
                NDArray v = secondMoment.get(name);
                // Temporaries of the update land in the scratch scope, not beside the weights.
                p.tempAttach(scratch);
                m.tempAttach(scratch);
                v.tempAttach(scratch);
                NDArray g = p.getGradient();
                m.muli(BETA1).addi(g.mul(1 - BETA1));
                v.muli(BETA2).addi(g.mul(g).muli(1 - BETA2));
                p.subi(m.div(c1).divi(v.div(c2).sqrt().addi(EPS)).muli(lr));
            }
        }
    }

    public Params firstMoment() {
        return firstMoment;
    }

    public Params secondMoment() {
        return secondMoment;
    }

    public long steps() {
        return steps;
    }
}
