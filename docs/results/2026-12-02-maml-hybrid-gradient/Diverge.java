import io.fewshot.contracts.*;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.data.DatasetLoader;
import io.fewshot.ml.nn.Threads;
import io.fewshot.ml.train.*;
import java.nio.file.*;
import java.util.*;

public class Diverge {
    public static void main(String[] a) throws Exception {
        Threads.set(1);
        FewShotDataset data = DatasetLoader.load(Path.of(a[0]), null);
        int way = Integer.parseInt(a[1]), shot = Integer.parseInt(a[2]);
        RunSpec spec = new RunSpec("omniglot", "vinyals", Method.MAML, way, shot, 15, way == 20 ? 5 : 1, way == 20 ? 0.1 : 0.4,
                new Budget(Integer.parseInt(a[3]), 0), 5,
                Map.of("metaBatch", 4, "trainQuery", 1, "validateEvery", 0, "network", "strided", "trainWay", way));
        try (MetaTrainer tr = new MetaTrainer(spec, data, Files.createTempDirectory("dv"))) {
            tr.train(TrainingListener.NONE, () -> false);
            System.out.println("done at step " + tr.step());
        } catch (Exception e) {
            System.out.println("FAILED: " + e);
        }
    }
}
