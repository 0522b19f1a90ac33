package io.fewshot.ml.train;

import ai.djl.ndarray.NDArray;
import io.fewshot.contracts.*;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.nn.Threads;
import java.nio.file.*;
import java.util.*;

public class Diag {
    public static void main(String[] a) throws Exception {
        Threads.set(1);
        FewShotDataset data = DatasetLoader.load(Path.of(a[0]), null);
        RunSpec spec = new RunSpec("omniglot", "vinyals", Method.MAML, 20, 1, 15, 5, 0.1, new Budget(120, 0), 5,
                Map.of("metaBatch", 4, "trainQuery", 1, "validateEvery", 0, "network", "strided", "trainWay", 20));
        try (MetaTrainer tr = new MetaTrainer(spec, data, Files.createTempDirectory("dg"))) {
            // One training step at a time (a skipped step leaves the step count where it was, so it is retried).
            for (int k = 0; k < 150; k++) {
                int[] n = {0};
                tr.train(TrainingListener.NONE, () -> ++n[0] >= 1);
                long s = tr.step();
                for (int rep = 0; rep < 2; rep++) {
                    float[] la = tr.accumulateGradients(tr.trainingSampler(), s);
                    StringBuilder sb = new StringBuilder();
                    tr.learner().parameters().asMap().forEach((name, v) -> {
                        float[] f = v.getGradient().toFloatArray();
                        int bad = 0; double max = 0;
                        for (float x : f) { if (!Float.isFinite(x)) bad++; else max = Math.max(max, Math.abs(x)); }
                        if (bad > 0) sb.append(" ").append(name).append("[bad ").append(bad).append("/").append(f.length).append(" max ").append(String.format("%.3g", max)).append("]");
                    });
                    if (sb.length() > 0) System.out.println("step " + s + " rep " + rep + " loss " + la[0] + ":" + sb);
                    if (sb.length() == 0) break;
                }
            }
        }
    }
}
