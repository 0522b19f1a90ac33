import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import io.fewshot.ml.nn.*;
import java.nio.file.*;
import java.util.SplittableRandom;

public class Faults {
    static long minflt() throws Exception {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]);
    }
    public static void main(String[] a) throws Exception {
        Threads.set(1);
        int images = Integer.parseInt(a[0]);
        boolean real = a.length > 1 && a[1].equals("uniform");
        try (NDManager m = NDManager.newBaseManager()) {
            Conv4 net = new Conv4(1, 64);
            Params p = net.init(m, new SplittableRandom(1));
            Params s = net.initState(m);
            p.requireGradients();
            NDArray x = real ? m.randomUniform(0, 1, new Shape(images, 1, 28, 28)) : m.randomNormal(new Shape(images, 1, 28, 28));
            for (int i = 0; i < 15; i++) {
                long f0 = minflt(), t0 = System.nanoTime();
                try (NDManager scope = m.newSubManager(); Autograd.Scope on = Autograd.enabled()) {
                    p.tempAttach(scope); if (System.getenv("XSCOPE") != null) x.tempAttach(scope);
                    Autograd.backward(Ops.pow(net.embed(x, p, s, true), 2).mean());
                }
                System.out.printf("rep %d: %.1f ms, %d faults, rss %s%n", i, (System.nanoTime() - t0) / 1e6, minflt() - f0, Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS")).findFirst().get());
            }
        }
    }
}
