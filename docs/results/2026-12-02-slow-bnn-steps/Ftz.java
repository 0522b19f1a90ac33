import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.*;

public class Ftz {
    static MethodHandle fn(String name) {
        return CLinker.getInstance().downcallHandle(CLinker.systemLookup().lookup(name).orElseThrow(),
                MethodType.methodType(int.class, MemoryAddress.class), FunctionDescriptor.of(CLinker.C_INT, CLinker.C_POINTER));
    }
    static int mxcsr(MethodHandle get, MemorySegment env) throws Throwable {
        int r = (int) get.invokeExact(env.address());
        return MemoryAccess.getIntAtOffset(env, 28);
    }
    public static void main(String[] a) throws Throwable {
        MethodHandle get = fn("fegetenv"), set = fn("fesetenv");
        MemorySegment env = MemorySegment.allocateNative(64, ResourceScope.newImplicitScope());
        int before = mxcsr(get, env);
        if (Boolean.getBoolean("ftz")) {
            MemoryAccess.setIntAtOffset(env, 28, before | 0x8040);
            int r = (int) set.invokeExact(env.address());
        }
        System.err.printf("mxcsr before %x after %x%n", before, mxcsr(get, env));
        io.fewshot.ml.cli.MetaLearningCli.main(a);
    }
}
