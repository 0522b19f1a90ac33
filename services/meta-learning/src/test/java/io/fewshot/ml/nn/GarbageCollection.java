package io.fewshot.ml.nn;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;

/**
 * Forces what a long run does at random moments: a full collection, after which the JVM frees the
 * direct buffers that nothing references any more. A test that runs it between a forward pass and
 * its backward makes a tensor that autograd saved over such a buffer fail every time, not by luck
 * of heap timing (see {@link Ops#scalar}).
 */
public final class GarbageCollection {
    private GarbageCollection() {
    }

    /** Collects and waits (10 s at most) until the collector's cleared references were processed. */
    public static void collectNow() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        try {
            for (int attempt = 0; attempt < 10 && queue.poll() == null; attempt++) {
                System.gc();
                if (queue.remove(1000) != null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(sentinel);
    }
}
