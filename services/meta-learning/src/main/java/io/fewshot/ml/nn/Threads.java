package io.fewshot.ml.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** PyTorch's intra-op thread count (the native library must be loaded before it can be set). */
public final class Threads {
    private static final String NUM_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

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
        // Read by PyTorch's engine when it starts: set before the first use, its start-up log states the
        // count the process really runs with, and no work ever runs under another count.
        System.setProperty(NUM_THREADS_PROPERTY, Integer.toString(threads));
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
    }

    public static int get() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }
}
