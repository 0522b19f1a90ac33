package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A TorchScript function shipped as an engine resource (written by scripts/make-autograd-grad.py) and
 * loaded once: the few PyTorch calls the DJL API lacks. Its ops record autograd like eager ones.
 */
final class ScriptFunction {
    private final PtSymbolBlock module;

    private ScriptFunction(PtSymbolBlock module) {
        this.module = module;
    }

    static ScriptFunction load(String resource) {
        try (InputStream in = ScriptFunction.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing from the engine jar");
            }
            // Whole bytes: DJL's stream reader fails on a resource stream that returns short reads.
            byte[] bytes = in.readAllBytes();
            return new ScriptFunction(JniUtils.loadModule((PtNDManager) NDManager.newBaseManager(),
                    new ByteArrayInputStream(bytes), true, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The function of {@code args}, each passed as the parameter {@code names} gives it; DJL passes arguments named
     * {@code "x[]"} as one {@code List[Tensor]}. The names are lent for the call. Results join the first argument's
     * manager.
     */
    List<NDArray> call(NDList args, List<String> names) {
        List<String> own = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            own.add(args.get(i).getName());
            args.get(i).setName(names.get(i));
        }
        try {
            return new ArrayList<>(IValueUtils.forward(module, args, true));
        } finally {
            for (int i = 0; i < args.size(); i++) {
                args.get(i).setName(own.get(i));
            }
        }
    }
}
