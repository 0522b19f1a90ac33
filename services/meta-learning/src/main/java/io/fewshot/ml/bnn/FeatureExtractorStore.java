package io.fewshot.ml.bnn;

import io.fewshot.contracts.LocalFiles;
import io.fewshot.contracts.Sha256;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fewshot.ml.Provenance;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.Params;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A local folder of pretrained feature extractors, one per (dataset version, backbone settings),
 * reused by every run on that dataset version; pretrains on a miss.
 *
 * <p>Layout: {@code <root>/<dataset>/<version>/<key>/weights.ndlist} and {@code provenance.json}
 * (dataset sha256, steps, final training accuracy, code version, weights sha256, ...), where
 * version is the first 16 characters of the dataset's sha256 and key names the backbone settings,
 * e.g. {@code conv4-64f-2000steps-64batch-seed1}. The trainer service mirrors {@code <root>} to S3
 * under {@code models/feature-extractors/}; this class knows nothing of S3. An entry is written to
 * a temporary folder and renamed, so a reader never sees half of one, and the weights' digest is
 * checked on load.
 */
public final class FeatureExtractorStore {
    /** Environment variable naming the root folder, for the command-line tools; services pass their root. */
    public static final String ENV = "FSB_FEATURE_EXTRACTORS";
    static final String WEIGHTS_FILE = "weights.ndlist";
    static final String PROVENANCE_FILE = "provenance.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final IntConsumer pretrainProgress;

    public FeatureExtractorStore(Path root, IntConsumer pretrainProgress) {
        this.root = root;
        this.pretrainProgress = pretrainProgress;
    }

    /** The root from {@link #ENV}, else {@code ~/.fewshot/feature-extractors}. */
    public static FeatureExtractorStore fromEnvironment() {
        String dir = System.getenv(ENV);
        Path root = dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".fewshot", "feature-extractors");
        return new FeatureExtractorStore(root, steps -> { });
    }

    public Path root() {
        return root;
    }

    /** The folder of one entry. */
    public Path folder(FewShotDataset data, BackbonePretrainer.Settings s) {
        // The backbone learns the split's train pool: one pretrained on another split's pool may have seen
        // this split's test classes, so the split is part of the key.
        String split = data.splitScheme() == null ? "" : "-" + data.splitScheme();
        return root.resolve(data.name()).resolve(version(data)).resolve(key(s) + split);
    }

    static String version(FewShotDataset data) {
        String v = data.sha256().replaceAll("[^A-Za-z0-9._-]", "_");
        return v.length() > 16 ? v.substring(0, 16) : v;
    }

    static String key(BackbonePretrainer.Settings s) {
        return "conv4-" + s.filters() + "f-" + s.steps() + "steps-" + s.batch() + "batch-seed" + s.seed();
    }

    /** The stored extractor, pretraining and storing it first if absent. */
    public Conv4Extractor obtain(FewShotDataset data, BackbonePretrainer.Settings s, NDManager m) {
        Path dir = folder(data, s);
        if (!Files.isRegularFile(dir.resolve(PROVENANCE_FILE))) {
            try (NDManager scratch = m.newSubManager()) {
                BackbonePretrainer.Result r = BackbonePretrainer.pretrain(data, s, scratch, pretrainProgress);
                save(dir, r, data, s, scratch.getDevice());
            }
        }
        return load(data, s, m).orElseThrow(() -> new IllegalStateException("no feature extractor in " + dir));
    }

    /** The stored extractor, if present; fails clearly if its files are damaged. */
    public Optional<Conv4Extractor> load(FewShotDataset data, BackbonePretrainer.Settings s, NDManager m) {
        Path dir = folder(data, s);
        if (!Files.isRegularFile(dir.resolve(PROVENANCE_FILE))) {
            return Optional.empty();
        }
        Map<String, Object> provenance = provenance(dir);
        String expected = String.valueOf(provenance.get("weightsSha256"));
        String actual = sha256(dir.resolve(WEIGHTS_FILE));
        if (!expected.equals(actual)) {
            throw new IllegalStateException(dir.resolve(WEIGHTS_FILE) + " has sha256 " + actual
                    + " but its provenance says " + expected);
        }
        if (!data.sha256().equals(provenance.get("datasetSha256"))) {
            throw new IllegalStateException(dir + " was pretrained on dataset " + provenance.get("datasetSha256")
                    + ", not " + data.sha256());
        }
        NDList list;
        try (InputStream in = Files.newInputStream(dir.resolve(WEIGHTS_FILE))) {
            list = NDList.decode(m, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(WEIGHTS_FILE), e);
        }
        Conv4 net = new Conv4(data.channels(), s.filters());
        return Optional.of(new Conv4Extractor(net, Params.fromNDList(list, "w."), Params.fromNDList(list, "s."),
                net.featureSize(data.height(), data.width()), "conv4 pretrained " + dir));
    }

    /** The provenance JSON of a stored entry. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> provenance(Path dir) {
        try {
            return JSON.readValue(dir.resolve(PROVENANCE_FILE).toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(PROVENANCE_FILE), e);
        }
    }

    private static void save(Path dir, BackbonePretrainer.Result r, FewShotDataset data,
            BackbonePretrainer.Settings s, Device device) {
        try {
            Files.createDirectories(dir.getParent());
            Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
            NDList list = new NDList();
            list.addAll(r.weights().toNDList("w."));
            list.addAll(r.bnState().toNDList("s."));
            try (OutputStream out = Files.newOutputStream(tmp.resolve(WEIGHTS_FILE))) {
                list.encode(out);
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("backbone", "conv4");
            p.put("filters", s.filters());
            p.put("steps", s.steps());
            p.put("batch", s.batch());
            p.put("lr", s.lr());
            p.put("seed", s.seed());
            p.put("dataset", data.name());
            p.put("datasetSha256", data.sha256());
            p.put("trainClasses", r.classes());
            p.put("finalTrainAccuracy", r.finalTrainAccuracy());
            p.put("seconds", r.seconds());
            p.put("weightsSha256", sha256(tmp.resolve(WEIGHTS_FILE)));
            p.put("codeVersion", Provenance.codeVersion());
            p.put("djlVersion", Engine.getDjlVersion());
            p.put("device", device.toString());
            p.put("createdAt", Instant.now().toString());
            Files.writeString(tmp.resolve(PROVENANCE_FILE), JSON.writeValueAsString(p));
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // Another process stored the same entry first: keep theirs, it is equivalent.
                if (!Files.isRegularFile(dir.resolve(PROVENANCE_FILE))) {
                    throw raced;
                }
                LocalFiles.deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store feature extractor in " + dir, e);
        }
    }

    static String sha256(Path file) {
        try {
            return Sha256.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
