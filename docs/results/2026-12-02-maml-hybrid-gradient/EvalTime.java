import io.fewshot.contracts.*;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.eval.Evaluator;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.*;
import java.nio.file.*;
import java.util.*;

/** Evaluation time of MAML (3 test inner steps, 5-way 1-shot 15 queries) on 200 val episodes, 8 per batch. */
public class EvalTime {
    public static void main(String[] a) throws Exception {
        Threads.set(1);
        FewShotDataset data = DatasetLoader.load(Path.of(a[0]), null);
        RunSpec spec = new RunSpec("omniglot", "vinyals", Method.MAML, 5, 1, 15, 1, 0.4, new Budget(1_000_000, 0), 3,
                Map.of("metaBatch", 8, "trainQuery", 1, "validateEvery", 0, "network", a[1], "tasksPerChunk", 8));
        int[] n = {0};
        try (MetaTrainer tr = new MetaTrainer(spec, data, Files.createTempDirectory("et"))) {
            tr.train(TrainingListener.NONE, () -> ++n[0] > 20);
            for (int r = 0; r < 3; r++) {
                long t0 = System.nanoTime();
                var res = Evaluator.evaluate(tr.learner(), data, "val", 5, 1, 15, 200, 7, 8, d -> { });
                System.out.printf("%s eval 200 episodes: %.2f s, %s%n", a[1], (System.nanoTime() - t0) / 1e9, res.headline());
            }
        }
    }
}
