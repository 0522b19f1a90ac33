package io.fewshot.ml.nn;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes denormal floats to zero on the calling thread (x86-64: MXCSR's FTZ and DAZ bits), what PyTorch's
 * {@code torch.set_flush_denormal(True)} does; DJL has no call for it. Why: a float below 1.2e-38 costs the CPU
 * a microcode assist on every operation, and the amortized BNN's training drifts into such values now and then:
 * the FAITHFUL 5-step row ran 2.2 s a step instead of 0.5 from a checkpoint at step 500, and 0.74 with this set
 * (2026-12-02, docs/results/2026-12-02-denormals). Values that small carry nothing a float's 24 bits could use.
 *
 * <p>MXCSR is per thread, and the JVM starts every Java thread with the standard one, so each thread that runs
 * the engine calls {@link #flushOnThisThread()} before its work (training, evaluation and {@link Threads#set} do).
 * Setting it takes {@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED} on the JVM's
 * command line (Java 17 has no other way to reach MXCSR); without them the engine runs as before, slower when
 * denormals arise, and says so once. Side effect: Java's own float arithmetic on that thread flushes too.
 */
public final class Denormals {
    private static final Logger LOG = LoggerFactory.getLogger(Denormals.class);
    private static final String FOREIGN = "jdk.incubator.foreign";
    /** Flush-to-zero (results) and denormals-are-zero (inputs). */
    private static final int FTZ_DAZ = 0x8040;
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule(FOREIGN).isPresent()
            && System.getProperty("os.arch", "").matches("amd64|x86_64");
    private static final AtomicBoolean TOLD = new AtomicBoolean();
    private static final ThreadLocal<Boolean> FLUSHING = ThreadLocal.withInitial(() -> false);

    private Denormals() {
    }

    /**
     * Sets FTZ and DAZ on the calling thread (once per thread; cheap after that).
     *
     * @return whether the thread now flushes denormals
     */
    public static boolean flushOnThisThread() {
        if (FLUSHING.get()) {
            return true;
        }
        if (!AVAILABLE) {
            tellOnce("denormal floats are not flushed (start the JVM with --add-modules " + FOREIGN
                    + " --enable-native-access=ALL-UNNAMED on x86-64): training slows when they arise");
            return false;
        }
        try {
            Mxcsr.set(Mxcsr.get() | FTZ_DAZ);
            FLUSHING.set((Mxcsr.get() & FTZ_DAZ) == FTZ_DAZ);
        } catch (RuntimeException | LinkageError e) {
            tellOnce("denormal floats are not flushed: " + e);
        }
        return FLUSHING.get();
    }

    private static void tellOnce(String message) {
        if (TOLD.compareAndSet(false, true)) {
            LOG.warn(message);
        }
    }

    /** The thread's MXCSR through glibc's fegetenv / fesetenv (fenv_t: 32 bytes, MXCSR at offset 28). */
    private static final class Mxcsr {
        private static final int ENV_BYTES = 32;
        private static final int MXCSR_OFFSET = 28;
        private static final MethodHandle GET = function("fegetenv");
        private static final MethodHandle SET = function("fesetenv");

        static int get() {
            try (ResourceScope scope = ResourceScope.newConfinedScope()) {
                MemorySegment env = MemorySegment.allocateNative(ENV_BYTES, scope);
                call(GET, env);
                return MemoryAccess.getIntAtOffset(env, MXCSR_OFFSET);
            }
        }

        static void set(int mxcsr) {
            try (ResourceScope scope = ResourceScope.newConfinedScope()) {
                MemorySegment env = MemorySegment.allocateNative(ENV_BYTES, scope);
                call(GET, env);
                MemoryAccess.setIntAtOffset(env, MXCSR_OFFSET, mxcsr);
                call(SET, env);
            }
        }

        private static void call(MethodHandle function, MemorySegment env) {
            int status;
            try {
                status = (int) function.invokeExact(env.address());
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (status != 0) {
                throw new IllegalStateException("fenv call failed with " + status);
            }
        }

        private static MethodHandle function(String name) {
            return CLinker.getInstance().downcallHandle(
                    CLinker.systemLookup().lookup(name).orElseThrow(() -> new IllegalStateException("no " + name)),
                    MethodType.methodType(int.class, MemoryAddress.class),
                    FunctionDescriptor.of(CLinker.C_INT, CLinker.C_POINTER));
        }
    }
}
