package io.fewshot.ml.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** PyTorch's intra-op thread count (the native library must be loaded before it can be set). */
public final class Threads {
    private Threads() {
    }

    /**
     * Sets the intra-op threads. One thread makes CPU kernels bit-reproducible; two are ~1.5x
     * faster on a 2-core machine. More threads than free cores make PyTorch's spinning workers
     * fight each other, so never set more than the machine has.
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
    }

    public static int get() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }
}
