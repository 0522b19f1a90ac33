package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import io.fewshot.ml.nn.Ops;

/**
 * The weight means of one layer for T tasks, {@code [T, In, Out]}, written out or in the low-rank form a
 * {@link LayerHead} generates. The forward pass needs only products {@code x · M}, and the KL only the sum of
 * squares, so the factored form never writes the [T, In, Out] tensor, nor, in the backward pass, its gradient:
 * for the FAITHFUL network's 784 x 256 first layer that was six gradient tensors per draw, one per Flipout pass.
 */
public sealed interface WeightMeans permits WeightMeans.Dense, WeightMeans.Factored {

    /** {@code x · M} for {@code x [T, B, In]}: {@code [T, B, Out]}. */
    NDArray times(NDArray x);

    /** {@code y · M^T} for {@code y [T, B, Out]}: {@code [T, B, In]} (the backward pass through {@link #times}). */
    NDArray timesTransposed(NDArray y);

    /** The sum of the squared means per task: {@code [T]}. */
    NDArray squares();

    /** M written out, {@code [T, In, Out]}. */
    NDArray tensor();

    /** Means written out. */
    record Dense(NDArray means) implements WeightMeans {
        @Override
        public NDArray times(NDArray x) {
            return x.matMul(means);
        }

        @Override
        public NDArray timesTransposed(NDArray y) {
            return y.matMul(means.transpose(0, 2, 1));
        }

        @Override
        public NDArray squares() {
            return Ops.pow(means, 2).sum(new int[] {1, 2});
        }

        @Override
        public NDArray tensor() {
            return means;
        }
    }

    /**
     * {@code M = shared + left · right}: a matrix {@code [In, Out]} that every task shares plus a per-task product
     * of rank k, {@code left [T, In, k]}, {@code right [T, k, Out]}. Then {@code x · M = x · shared + (x · left) ·
     * right}, one GEMM over all tasks' rows and two thin products (the backward's {@code y · M^T} likewise), and
     * |M|² = |shared|² + 2 &lt;left^T shared, right&gt; + &lt;left^T left, right right^T&gt;, all k-sized but the
     * first.
     */
    record Factored(NDArray shared, NDArray left, NDArray right) implements WeightMeans {
        @Override
        public NDArray times(NDArray x) {
            return x.matMul(shared).add(x.matMul(left).matMul(right));
        }

        @Override
        public NDArray timesTransposed(NDArray y) {
            return y.matMul(shared.transpose())
                    .add(y.matMul(right.transpose(0, 2, 1)).matMul(left.transpose(0, 2, 1)));
        }

        @Override
        public NDArray squares() {
            int[] axes = {1, 2};
            NDArray leftT = left.transpose(0, 2, 1);
            NDArray cross = leftT.matMul(shared).mul(right).sum(axes);
            NDArray product = leftT.matMul(left).mul(right.matMul(right.transpose(0, 2, 1))).sum(axes);
            return Ops.pow(shared, 2).sum().add(Ops.mul(cross, 2)).add(product);
        }

        @Override
        public NDArray tensor() {
            return left.matMul(right).add(shared);
        }
    }
}
