import io.fewshot.contracts.*;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.*;
import java.nio.file.*;
import java.util.*;

/** RSS of a second-order MAML trainer every 100 steps: a per-step leak shows as steady growth. */
public class MamlLeak {
    static long rssMb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
        }
        return -1;
    }

    public static void main(String[] a) throws Exception {
        Threads.set(1);
        FewShotDataset data = DatasetLoader.load(Path.of(a[0]), null);
        int steps = Integer.parseInt(a[1]);
        RunSpec spec = new RunSpec("omniglot", "vinyals", Method.MAML, 5, 1, 15, 1, 0.4, new Budget(1_000_000, 0), 1,
                Map.of("metaBatch", 8, "trainQuery", 1, "validateEvery", 0, "network", "pooled", "tasksPerChunk", 8));
        int[] n = {0};
        long start = System.nanoTime();
        try (MetaTrainer tr = new MetaTrainer(spec, data, Files.createTempDirectory("ml"))) {
            tr.train(TrainingListener.NONE, () -> {
                try {
                    if (n[0] % 100 == 0) System.out.printf("step %d rss %d MB %.0f s%n", n[0], rssMb(), (System.nanoTime() - start) / 1e9);
                } catch (Exception e) { throw new RuntimeException(e); }
                return ++n[0] > steps;
            });
        }
    }
}
