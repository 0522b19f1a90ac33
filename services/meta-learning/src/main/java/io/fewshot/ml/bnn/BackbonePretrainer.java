package io.fewshot.ml.bnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.nn.Adam;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.Init;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Pretrains the task encoder's backbone by ordinary supervised classification: Conv-4 plus one
 * linear classifier over ALL meta-train classes, on images of the meta-train classes only (the
 * val and test classes are never seen). Adam, minibatches of uniformly drawn (class, image) pairs.
 * Batch i depends only on (seed, i), so a pretraining is reproducible.
 */
public final class BackbonePretrainer {
    private static final String CLASSIFIER = "classifier.";

    /** @param seed fixed per store entry (not the run's seed), so that every run shares one backbone */
    public record Settings(int filters, int steps, int batch, double lr, long seed) {
        public Settings {
            if (filters < 1 || steps < 1 || batch < 1 || lr <= 0) {
                throw new IllegalArgumentException("pretraining needs positive filters, steps, batch and lr: " + this);
            }
        }
    }

    /**
     * @param finalTrainAccuracy mean minibatch accuracy over the last tenth of the steps, each batch
     *                           measured before the update on it
     */
    public record Result(Params weights, Params bnState, double finalTrainAccuracy, double seconds, int classes) {
    }

    private BackbonePretrainer() {
    }

    /** @param progress told the number of steps done, after each step */
    public static Result pretrain(FewShotDataset data, Settings s, NDManager m, IntConsumer progress) {
        long start = System.nanoTime();
        int[] pool = data.split("train");
        Conv4 net = new Conv4(data.channels(), s.filters());
        SplittableRandom init = new SplittableRandom(s.seed());
        Params weights = net.init(m, init);
        Params bnState = net.initState(m);
        long f = net.featureSize(data.height(), data.width());
        Params all = new Params();
        weights.asMap().forEach(all::put);
        all.put(CLASSIFIER + "w", Init.glorotUniform(m, init, new Shape(f, pool.length), f, pool.length));
        all.put(CLASSIFIER + "b", Init.constant(m, new Shape(pool.length), 0f));
        all.requireGradients();
        Adam adam = new Adam(m, all);
        int measureFrom = s.steps() - Math.max(1, s.steps() / 10);
        double accSum = 0;
        int accCount = 0;
        for (int step = 0; step < s.steps(); step++) {
            try (NDManager scope = m.newSubManager()) {
                all.tempAttach(scope);
                bnState.tempAttach(scope);
                NDArray[] xy = batch(scope, data, pool, s.batch(), new SplittableRandom(s.seed() * 0x9E3779B97F4A7C15L
                        + step));
                NDArray logits;
                try (Autograd.Scope on = Autograd.enabled()) {
                    NDArray features = net.embed(xy[0], weights, bnState, true);
                    logits = features.matMul(all.get(CLASSIFIER + "w")).add(all.get(CLASSIFIER + "b"));
                    NDArray loss = Ops.crossEntropy(logits, xy[1]);
                    Autograd.zeroGradients(all);
                    Autograd.backward(loss);
                }
                if (step >= measureFrom) {
                    try (Autograd.Scope off = Autograd.disabled()) {
                        accSum += Ops.accuracy(logits, xy[1]);
                        accCount++;
                    }
                }
                adam.step(all, s.lr());
            }
            progress.accept(step + 1);
        }
        return new Result(weights, bnState, accSum / accCount, (System.nanoTime() - start) / 1e9, pool.length);
    }

    /** Normalised images {@code [B, C, H, W]} and their pool-relative class labels {@code [B]}. */
    static NDArray[] batch(NDManager m, FewShotDataset data, int[] pool, int size, SplittableRandom rng) {
        int bytes = data.imageBytes();
        int plane = data.height() * data.width();
        float[] mean = data.mean();
        float[] std = data.std();
        float[] x = new float[size * bytes];
        long[] y = new long[size];
        for (int i = 0; i < size; i++) {
            int label = rng.nextInt(pool.length);
            int c = pool[label];
            byte[] px = data.pixels(c);
            int base = rng.nextInt(data.count(c)) * bytes;
            for (int j = 0; j < bytes; j++) {
                int ch = j / plane;
                x[i * bytes + j] = ((px[base + j] & 0xFF) / 255f - mean[ch]) / std[ch];
            }
            y[i] = label;
        }
        return new NDArray[] {m.create(x, new Shape(size, data.channels(), data.height(), data.width())),
            m.create(y, new Shape(size)).toType(DataType.INT64, false)};
    }
}
