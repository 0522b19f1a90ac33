package io.fewshot.ml.cli;

import io.fewshot.ml.api.Prediction;
import io.fewshot.ml.api.TrainedModel;
import io.fewshot.ml.nn.Threads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fsb-ml predict}: one task of one's own images, classified by a trained run. Prints a header line (query,
 * predicted, then the support classes) and, per query image, its predicted class and the probability of each
 * class, tab-separated.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify query images among support classes with a trained run (one task).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--run", required = true, description = "the run folder (spec.json, checkpoints/)")
    Path run;

    @Option(names = "--data", required = true, description = "the dataset folder the run was trained on: it gives "
            + "the normalisation statistics (and the amortized BNN's feature extractor); loaded with the spec's "
            + "dataset and split")
    Path data;

    @Option(names = "--splits", description = "Vinyals split files for the Omniglot zips (default: beside --data)")
    Path splits;

    @Option(names = "--support", required = true,
            description = "a folder of class subfolders, each with the same number of images (PNG or JPEG)")
    Path support;

    @Option(names = "--query", required = true, description = "a folder of query images (PNG or JPEG)")
    Path query;

    @Option(names = "--threads", description = "intra-op threads (default: all cores)")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        if (threads != null) {
            Threads.set(threads);
        }
        Map<String, List<Path>> supportFiles = new LinkedHashMap<>();
        for (Path classDir : list(support, true)) {
            supportFiles.put(classDir.getFileName().toString(), list(classDir, false));
        }
        List<Path> queryFiles = list(query, false);
        try (TrainedModel model = TrainedModel.load(run, data, splits)) {
            Prediction p = model.classifyFiles(supportFiles, queryFiles);
            PrintWriter out = command.commandLine().getOut();
            out.println("query\tpredicted\t" + String.join("\t", p.classes()));
            for (int q = 0; q < p.queries(); q++) {
                StringBuilder line = new StringBuilder(queryFiles.get(q).getFileName().toString())
                        .append('\t').append(p.predictedClass(q));
                for (float prob : p.probabilities()[q]) {
                    line.append('\t').append(String.format(Locale.ROOT, "%.4f", prob));
                }
                out.println(line);
            }
            out.flush();
        }
        return 0;
    }

    /** The folders (or regular files) directly in {@code dir}, by name; fails if there are none. */
    private static List<Path> list(Path dir, boolean folders) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a folder");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = s.filter(p -> folders ? Files.isDirectory(p) : Files.isRegularFile(p))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
            if (out.isEmpty()) {
                throw new IllegalArgumentException(dir + " holds no " + (folders ? "class folders" : "images"));
            }
            return out;
        }
    }
}
