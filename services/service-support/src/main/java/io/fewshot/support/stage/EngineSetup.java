package io.fewshot.support.stage;

import ai.djl.engine.Engine;
import io.fewshot.ml.nn.Threads;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Threads and device of the engine, set once at start-up before any work (a later change gave NaN gradients). */
public final class EngineSetup {
    private static final Logger LOG = Logger.getLogger(EngineSetup.class);

    private EngineSetup() {
    }

    /**
     * @param device  "cpu" or "gpu": gpu fails unless the engine sees a GPU; cpu warns if it does (DJL
     *                then prefers the GPU: hide it with CUDA_VISIBLE_DEVICES= to train on the CPU)
     * @param threads PyTorch intra-op threads, empty for the machine's cores
     */
    public static void apply(String device, Optional<Integer> threads) {
        int n = threads(threads);
        int gpus = Engine.getInstance().getGpuCount();
        switch (device) {
            case "gpu" -> {
                if (gpus == 0) {
                    throw new IllegalStateException("device is gpu, but the engine (" + Engine.getInstance().getEngineName()
                            + " " + Engine.getInstance().getVersion() + ") sees no GPU: is this the CUDA image"
                            + " (trainer-gpu, scripts/build-images.sh) on a node with nvidia.com/gpu, with a driver as new as its CUDA? DJL's"
                            + " own probe logs why with QUARKUS_LOG_CATEGORY__AI_DJL_UTIL_CUDA__LEVEL=WARN");
                }
            }
            case "cpu" -> {
                if (gpus > 0) {
                    LOG.warnf("device is cpu but the engine sees %d GPU(s) and will use them; set CUDA_VISIBLE_DEVICES="
                            + " (empty) to train on the CPU", gpus);
                }
            }
            default -> throw new IllegalArgumentException("device must be cpu or gpu, was '" + device + "'");
        }
        LOG.infof("engine %s %s, default device %s, %d intra-op thread(s)", Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(), Engine.getInstance().defaultDevice(), n);
    }

    /** Sets the intra-op threads (empty: the machine's cores) and returns the count. */
    public static int threads(Optional<Integer> threads) {
        int n = threads.orElse(Runtime.getRuntime().availableProcessors());
        Threads.set(n);
        return n;
    }
}
