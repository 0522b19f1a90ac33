package io.fewshot.ml.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fewshot.ml.Provenance;
import io.fewshot.ml.methods.MetaLearner;
import io.fewshot.ml.nn.Adam;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Params;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Everything needed to continue a run exactly: weights, non-trainable state, the optimiser's
 * moments and step count, and the training counters. The random state needs no saving: episode
 * {@code i} and the native seed of step {@code i} are functions of (seed, i).
 *
 * <p>File layout: the magic {@code FSBCKPT1}, a JSON header (length-prefixed), then the tensors
 * as one DJL NDList, each named with a prefix (p. weights, s. state, m./v. Adam moments).
 */
public record Checkpoint(Header header, Params weights, Params state, Adam adam) {
    private static final byte[] MAGIC = "FSBCKPT1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param step           meta-training steps completed
     * @param trainSeconds   training wall time accumulated over all sessions of the run
     * @param bestValAccuracy best validation accuracy so far (NaN if none)
     * @param bestStep       step of that validation
     */
    public record Header(String runId, long step, double trainSeconds, double bestValAccuracy, long bestStep,
            @JsonDeserialize(using = Provenance.Lenient.class) Provenance provenance) {
    }

    /** Writes atomically: a reader never sees a half-written checkpoint. */
    public void save(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(os)) {
                out.write(MAGIC);
                byte[] h = JSON.writeValueAsBytes(header);
                out.writeInt(h.length);
                out.write(h);
                NDList list = new NDList();
                list.addAll(weights.toNDList("p."));
                list.addAll(state.toNDList("s."));
                list.addAll(adam.firstMoment().toNDList("m."));
                list.addAll(adam.secondMoment().toNDList("v."));
                out.writeLong(adam.steps());
                list.encode(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /**
     * Copies the trained weights and state into {@code learner}, built from the run's spec; refused if their names
     * differ from the learner's (see {@link Params#assign}).
     */
    public void restoreInto(MetaLearner learner) {
        try (Autograd.Scope off = Autograd.disabled()) {
            learner.parameters().assign(weights, "checkpoint of run " + header.runId() + " (weights)");
            learner.state().assign(state, "checkpoint of run " + header.runId() + " (state)");
        }
    }

    public static Checkpoint load(Path file, NDManager m) {
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(file + " is not a fewshot-bench checkpoint");
            }
            byte[] h = in.readNBytes(in.readInt());
            Header header = JSON.readValue(h, Header.class);
            long adamSteps = in.readLong();
            NDList list = NDList.decode(m, in);
            return new Checkpoint(header, Params.fromNDList(list, "p."), Params.fromNDList(list, "s."),
                    new Adam(Params.fromNDList(list, "m."), Params.fromNDList(list, "v."), adamSteps));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }
}
