package io.fewshot.ml;

import ai.djl.engine.Engine;
import io.fewshot.contracts.CanonicalJson;
import io.fewshot.contracts.RunSpec;
import io.fewshot.ml.data.FewShotDataset;
import io.fewshot.ml.train.TrainingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What produced a model or a result (after Tribuo's provenance): the configuration and its hash,
 * the data's digest, the code version, the library, runtime and machine versions, and the seeds.
 * Recorded in every checkpoint and every result.
 */
public final class Provenance {
    private Provenance() {
    }

    /** Refuses a dataset other than the one the spec names (name and split scheme), so provenance cannot lie. */
    public static Map<String, Object> of(RunSpec spec, FewShotDataset data) {
        data.requireFor(spec.dataset(), spec.split());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("runId", spec.runId());
        p.put("spec", CanonicalJson.write(spec));
        p.put("settings", TrainingSettings.from(spec).toString());
        p.put("dataset", data.name());
        p.put("split", data.splitScheme() == null ? "in-memory" : data.splitScheme());
        p.put("datasetSha256", data.sha256());
        p.put("codeVersion", codeVersion());
        p.put("djlVersion", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        p.put("engine", engine.getEngineName() + " " + engine.getVersion());
        p.put("threads", io.fewshot.ml.nn.Threads.get());
        p.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        p.put("cpus", Runtime.getRuntime().availableProcessors());
        p.put("seed", spec.seed());
        p.put("createdAt", Instant.now().toString());
        return p;
    }

    /** The build's version and git commit, written into the jar at build time. */
    public static String codeVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/fewshot-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties props = new Properties();
            props.load(in);
            String dirty = "true".equals(props.getProperty("dirty")) ? ", uncommitted changes" : "";
            return props.getProperty("version", "unknown") + " (" + props.getProperty("commit", "unknown") + dirty + ")";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
