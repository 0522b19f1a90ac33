package io.fewshot.trainer;

import ai.djl.engine.Engine;
import io.fewshot.ml.nn.Threads;
import org.jboss.logging.Logger;

/** Threads and device of the engine, set once before any training. */
public final class EngineSetup {
    private static final Logger LOG = Logger.getLogger(EngineSetup.class);

    private EngineSetup() {
    }

    /**
     * @param device  "cpu" or "gpu": gpu fails unless the engine sees a GPU; cpu warns if it does (DJL
     *                then prefers the GPU: hide it with CUDA_VISIBLE_DEVICES= to train on the CPU)
     * @param threads PyTorch intra-op threads, null for the machine's cores
     */
    public static void apply(String device, Integer threads) {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Threads.set(n);
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
}
