package io.fewshot.ml.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.nn.Autograd;
import io.fewshot.ml.nn.Conv4;
import io.fewshot.ml.nn.Ops;
import io.fewshot.ml.nn.Params;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A short check of the engine on whatever device DJL picks (scripts/cuda-run.sh runs it on the GPU machine): prints
 * the engine, its version and default device, times a Conv-4 forward+backward on 80 Omniglot-sized images there,
 * and compares that device's embeddings and gradient with the CPU's for the same weights and images.
 *
 * <p>Usage: {@code CudaSanity [--require-gpu]}; with the flag it exits 2 when the default device is not a GPU,
 * and 3 when the GPU's results differ from the CPU's by more than {@link #TOLERANCE} relative to the largest
 * value. Run it in float32 ({@code NVIDIA_TF32_OVERRIDE=0}, as scripts/cuda-run.sh does): measured on an H200,
 * float32 differs by 2.2e-6 (embeddings) and 3.1e-3 (the conv0 gradient, after four batch norms' cancellations),
 * while cuDNN's default TF32 convolutions (10-bit mantissa, as in PyTorch, and what training uses) differ by
 * 1.1e-3 and 3.4e-2. A wrong kernel or a transposed weight differs by O(1).
 */
public final class CudaSanity {
    private static final int IMAGES = 80;
    private static final double TOLERANCE = 2e-2;

    private CudaSanity() {
    }

    public static void main(String[] args) {
        boolean requireGpu = Arrays.asList(args).contains("--require-gpu");
        Engine engine = Engine.getInstance();
        Device device = engine.defaultDevice();
        System.out.printf("engine %s %s, default device %s, GPUs %d, CUDA capability %b%n", engine.getEngineName(),
                engine.getVersion(), device, engine.getGpuCount(), engine.hasCapability("CUDA"));
        if (requireGpu && !device.isGpu()) {
            System.err.println("CudaSanity: the default device is " + device + ", not a GPU");
            System.exit(2);
        }
        Result onDevice = run(device);
        System.out.printf("conv4 %d images fwd+bwd on %s: %.2f ms (best of 20), %.1f GFLOP/s%n", IMAGES, device,
                onDevice.seconds * 1e3, TrainBenchmark.conv4Flops(IMAGES, 28, 64) / onDevice.seconds / 1e9);
        if (!device.isGpu()) {
            return;
        }
        Result onCpu = run(Device.cpu());
        double embedDiff = maxAbsDiff(onDevice.embedding, onCpu.embedding) / maxAbs(onCpu.embedding);
        double gradDiff = maxAbsDiff(onDevice.gradient, onCpu.gradient) / maxAbs(onCpu.gradient);
        System.out.printf("%s against cpu, relative to the largest value: embedding %.2e, conv0 gradient %.2e%n",
                device, embedDiff, gradDiff);
        if (requireGpu && (embedDiff > TOLERANCE || gradDiff > TOLERANCE)) {
            System.err.println("CudaSanity: the GPU's results differ from the CPU's beyond " + TOLERANCE);
            System.exit(3);
        }
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m == 0 ? 1 : m;
    }

    private record Result(double seconds, float[] embedding, float[] gradient) {
    }

    /** Best of 20 timed forward+backward passes; reading the loss back waits for the device to finish. */
    private static Result run(Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            Conv4 net = new Conv4(1, 64);
            Params p = net.init(m, new SplittableRandom(1));
            Params s = net.initState(m);
            p.requireGradients();
            NDArray x = m.create(images(new SplittableRandom(2)), new Shape(IMAGES, 1, 28, 28));
            float[][] last = new float[2][];
            Runnable step = () -> {
                try (NDManager scope = m.newSubManager(); Autograd.Scope on = Autograd.enabled()) {
                    p.tempAttach(scope);
                    NDArray e = net.embed(x, p, s, true);
                    NDArray loss = Ops.pow(e, 2).mean();
                    Autograd.backward(loss);
                    loss.getFloat();
                    last[0] = e.toFloatArray();
                    last[1] = p.get("conv0.w").getGradient().toFloatArray();
                    Autograd.zeroGradients(p);
                }
            };
            step.run();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                try (NDManager scope = m.newSubManager(); Autograd.Scope on = Autograd.enabled()) {
                    p.tempAttach(scope);
                    NDArray loss = Ops.pow(net.embed(x, p, s, true), 2).mean();
                    Autograd.backward(loss);
                    loss.getFloat();
                    Autograd.zeroGradients(p);
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return new Result(best, last[0], last[1]);
        }
    }

    private static float[] images(SplittableRandom rng) {
        float[] data = new float[IMAGES * 28 * 28];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rng.nextDouble();
        }
        return data;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
