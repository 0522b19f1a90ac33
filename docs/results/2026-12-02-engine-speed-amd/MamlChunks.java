import io.fewshot.contracts.*;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.*;
import java.nio.file.*;
import java.util.*;

public class MamlChunks {
    public static void main(String[] a) throws Exception {
        Threads.set(1);
        FewShotDataset data = DatasetLoader.load(Path.of(a[0]), null);
        for (int round = 0; round < 2; round++) {
            for (int chunk : new int[] {8, 4, 2, 1}) {
                RunSpec spec = new RunSpec("omniglot", "vinyals", Method.MAML, 5, 1, 15, 1, 0.4, new Budget(1_000_000, 0), 1,
                        Map.of("metaBatch", 8, "trainQuery", 1, "validateEvery", 0, "network", "pooled", "tasksPerChunk", chunk));
                long[] t = new long[26];
                int[] n = {0};
                try (MetaTrainer tr = new MetaTrainer(spec, data, Files.createTempDirectory("mc"))) {
                    tr.train(TrainingListener.NONE, () -> { t[n[0]] = System.nanoTime(); return ++n[0] == t.length; });
                }
                double[] d = new double[20];
                for (int i = 0; i < 20; i++) d[i] = (t[6 + i] - t[5 + i]) / 1e9;
                Arrays.sort(d);
                System.out.printf("chunk %d: %.1f tasks/s (median step %.1f ms)%n", chunk, 8 / ((d[9] + d[10]) / 2), 1e3 * (d[9] + d[10]) / 2);
            }
        }
    }
}
