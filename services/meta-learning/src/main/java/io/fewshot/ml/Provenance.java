package io.fewshot.ml;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.fewshot.contracts.RunSpec;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.ml.methods.TrainingSettings;
import io.fewshot.ml.nn.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * What produced a model or a result (after Tribuo's provenance), typed so that it round-trips to JSON
 * and a run can be rebuilt from it ({@code fsb-ml train --from-provenance}): the whole spec (its run id
 * is the spec's hash), the training settings the engine resolved from it, the data's digest, the code
 * version and commit, the library, runtime and machine, and the seeds. Recorded in every checkpoint, in
 * every {@code eval.json} and as {@code provenance.json} in the run folder.
 *
 * @param settings      the settings this engine resolved from the spec (defaults filled in); null when
 *                      read from a checkpoint written before provenance was typed
 * @param build         the code's version and commit, e.g. 0.1.0-SNAPSHOT (1a2b3c4)
 * @param datasetSha256 the digest of the dataset's manifest (ingested data) or of its source archives
 * @param gitCommit     the commit the code was built from, null when the build did not know it
 * @param engine        the deep-learning engine's name, e.g. PyTorch
 * @param device        the engine's default device, e.g. cpu(); null when not recorded
 * @param threads       intra-op threads (1 makes CPU training bit-reproducible)
 */
public record Provenance(String runId, RunSpec spec, TrainingSettings settings, String dataset, String split,
        String datasetSha256, @JsonProperty("codeVersion") String build, String gitCommit, String djlVersion, String engine,
        String engineVersion, String device, int threads, String jvm, String os, int cpus, Seeds seeds,
        String createdAt) {
    /** The file in a run folder. */
    public static final String FILE = "provenance.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param training   the spec's seed: episodes and the native seed of every step derive from it
     * @param validation the seed of the validation episodes
     * @param test       the seed of the test episodes (the same tasks for every method)
     */
    public record Seeds(long training, long validation, long test) {
        static Seeds of(RunSpec spec) {
            long test = TrainingSettings.from(spec).evalSeed();
            return new Seeds(spec.seed(), test + 1, test);
        }
    }

    /** Refuses a dataset other than the one the spec names (name and split scheme), so provenance cannot lie. */
    public static Provenance of(RunSpec spec, FewShotDataset data) {
        data.requireFor(spec.dataset(), spec.split());
        Engine engine = Engine.getInstance();
        BuildInfo build = BuildInfo.read();
        return new Provenance(spec.runId(), spec, TrainingSettings.from(spec), data.name(),
                data.splitScheme() == null ? "in-memory" : data.splitScheme(), data.sha256(), build.codeVersion(),
                build.commit(), Engine.getDjlVersion(), engine.getEngineName(), engine.getVersion(),
                engine.defaultDevice().toString(), Threads.get(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Seeds.of(spec), Instant.now().toString());
    }

    /** Writes {@code provenance.json} into a run folder. */
    public Path write(Path runDir) {
        Path file = runDir.resolve(FILE);
        try {
            Files.createDirectories(runDir);
            Files.writeString(file, toJson());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a {@code provenance.json}; a file that is not one fails naming the file and what is wrong. */
    public static Provenance read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read provenance " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a run's provenance: " + e.getMessage(), e);
        }
    }

    public static Provenance fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return fromTree(node);
    }

    private static Provenance fromTree(JsonNode node) {
        if (node == null || !node.isObject() || !node.hasNonNull("spec")) {
            throw new IllegalArgumentException("no spec (a provenance holds the run's whole RunSpec)");
        }
        if (node.get("spec").isTextual()) {
            return fromLegacy(node);
        }
        // The spec is read as every spec is (strict, errors name the field), then the rest.
        RunSpec spec = RunSpec.fromJson(node.get("spec").toString());
        Provenance p;
        try {
            p = JSON.treeToValue(node, Provenance.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!spec.runId().equals(p.runId())) {
            throw new IllegalArgumentException("runId " + p.runId() + " is not its spec's (" + spec.runId() + ")");
        }
        return p.withSpec(spec);
    }

    private Provenance withSpec(RunSpec s) {
        return new Provenance(runId, s, settings, dataset, split, datasetSha256, build, gitCommit, djlVersion,
                engine, engineVersion, device, threads, jvm, os, cpus, seeds, createdAt);
    }

    /**
     * Checkpoints written before provenance was typed hold a map with the spec as its canonical JSON
     * text, the settings as a toString and the engine as "name version": their runs still resume.
     */
    private static Provenance fromLegacy(JsonNode n) {
        RunSpec spec = RunSpec.fromJson(n.get("spec").asText());
        String[] engine = n.path("engine").asText("unknown").split(" ", 2);
        String codeVersion = n.path("codeVersion").asText("unknown");
        return new Provenance(spec.runId(), spec, null, n.path("dataset").asText(null), n.path("split").asText(null),
                n.path("datasetSha256").asText(null), codeVersion, BuildInfo.commitOf(codeVersion),
                n.path("djlVersion").asText(null), engine[0], engine.length > 1 ? engine[1] : null, null,
                n.path("threads").asInt(0), n.path("jvm").asText(null), n.path("os").asText(null),
                n.path("cpus").asInt(0), Seeds.of(spec), n.path("createdAt").asText(null));
    }

    /** For the checkpoint header: reads both the typed layout and the earlier map. */
    public static final class Lenient extends StdDeserializer<Provenance> {
        public Lenient() {
            super(Provenance.class);
        }

        @Override
        public Provenance deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            try {
                return fromTree(node);
            } catch (IllegalArgumentException e) {
                throw ctxt.weirdStringException(node.toString(), Provenance.class, e.getMessage());
            }
        }
    }

    /** The build's version and git commit, written into the jar at build time. */
    public static String codeVersion() {
        return BuildInfo.read().codeVersion();
    }

    private record BuildInfo(String codeVersion, String commit) {
        static BuildInfo read() {
            try (InputStream in = Provenance.class.getResourceAsStream("/fewshot-version.properties")) {
                if (in == null) {
                    return new BuildInfo("unknown", null);
                }
                Properties props = new Properties();
                props.load(in);
                String commit = known(props.getProperty("commit"));
                String dirty = "true".equals(props.getProperty("dirty")) ? ", uncommitted changes" : "";
                return new BuildInfo(props.getProperty("version", "unknown") + " ("
                        + (commit == null ? "unknown" : commit) + dirty + ")", commit);
            } catch (IOException e) {
                return new BuildInfo("unknown", null);
            }
        }

        /** The commit inside "version (commit[, uncommitted changes])", null when unknown. */
        static String commitOf(String codeVersion) {
            int open = codeVersion.indexOf('(');
            if (open < 0) {
                return null;
            }
            String inside = codeVersion.substring(open + 1).replace(")", "");
            return known(inside.split(",", 2)[0].strip());
        }

        /** A commit Maven filtered in, else null (unknown, empty, or the unresolved placeholder). */
        private static String known(String commit) {
            return commit == null || commit.isBlank() || commit.equals("unknown") || commit.startsWith("${")
                    ? null : commit;
        }
    }
}
