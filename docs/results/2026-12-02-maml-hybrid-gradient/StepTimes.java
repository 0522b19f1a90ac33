import io.fewshot.contracts.*;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.*;
import java.nio.file.*;
import java.util.*;

public class StepTimes {
    public static void main(String[] a) throws Exception {
        Threads.set(1);
        if (Boolean.getBoolean("noopt")) ai.djl.pytorch.jni.JniUtils.setGraphExecutorOptimize(false);
        FewShotDataset data = DatasetLoader.load(Path.of(a[0]), null);
        RunSpec spec = new RunSpec("omniglot", "vinyals", Method.MAML, 5, 1, 15, 1, 0.4, new Budget(1_000_000, 0), 1,
                Map.of("metaBatch", 8, "trainQuery", 1, "validateEvery", 0, "network", "pooled", "tasksPerChunk", 8));
        long[] t = new long[41];
        int[] n = {0};
        long t0 = System.nanoTime();
        try (MetaTrainer tr = new MetaTrainer(spec, data, Files.createTempDirectory("mc"))) {
            tr.train(TrainingListener.NONE, () -> { t[n[0]] = System.nanoTime(); return ++n[0] == t.length; });
        }
        StringBuilder sb = new StringBuilder("first step at " + (t[0] - t0) / 1_000_000 + " ms; steps ms:");
        for (int i = 1; i < t.length; i++) sb.append(' ').append((t[i] - t[i - 1]) / 1_000_000);
        System.out.println(sb);
    }
}
