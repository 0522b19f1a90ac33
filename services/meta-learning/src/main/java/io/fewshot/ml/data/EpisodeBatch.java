package io.fewshot.ml.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * T episodes as tensors, normalised with the dataset's per-channel statistics:
 * {@code supportX [T, N*K, C, H, W]}, {@code supportY [T, N*K]} (int64 labels 0..N-1, class-major:
 * image i belongs to class i / K), and the same for the query set.
 */
public record EpisodeBatch(NDArray supportX, NDArray supportY, NDArray queryX, NDArray queryY, int way, int shot,
        int queryPerClass) {

    public int tasks() {
        return (int) supportX.getShape().get(0);
    }

    public static EpisodeBatch of(NDManager m, FewShotDataset ds, List<Episode> episodes) {
        Episode first = episodes.get(0);
        int t = episodes.size();
        int n = first.way();
        int k = first.shot();
        int q = first.queryPerClass();
        for (Episode e : episodes) {
            if (e.way() != n || e.shot() != k || e.queryPerClass() != q) {
                throw new IllegalArgumentException("episodes of one batch must share way, shot and query");
            }
        }
        NDArray sx = images(m, ds, episodes, true, n * k);
        NDArray qx = images(m, ds, episodes, false, n * q);
        return new EpisodeBatch(sx, labels(m, t, n, k), qx, labels(m, t, n, q), n, k, q);
    }

    private static NDArray images(NDManager m, FewShotDataset ds, List<Episode> episodes, boolean support, int per) {
        int bytes = ds.imageBytes();
        int plane = ds.height() * ds.width();
        float[] mean = ds.mean();
        float[] std = ds.std();
        float[] out = new float[episodes.size() * per * bytes];
        int o = 0;
        for (Episode e : episodes) {
            int[][] idx = support ? e.support() : e.query();
            for (int c = 0; c < e.way(); c++) {
                byte[] px = ds.pixels(e.classes()[c]);
                for (int img : idx[c]) {
                    int base = img * bytes;
                    for (int i = 0; i < bytes; i++) {
                        int ch = i / plane;
                        out[o++] = ((px[base + i] & 0xFF) / 255f - mean[ch]) / std[ch];
                    }
                }
            }
        }
        return m.create(out, new Shape(episodes.size(), per, ds.channels(), ds.height(), ds.width()));
    }

    private static NDArray labels(NDManager m, int tasks, int way, int per) {
        long[] y = new long[tasks * way * per];
        int o = 0;
        for (int t = 0; t < tasks; t++) {
            for (int c = 0; c < way; c++) {
                for (int i = 0; i < per; i++) {
                    y[o++] = c;
                }
            }
        }
        return m.create(y, new Shape(tasks, (long) way * per)).toType(DataType.INT64, false);
    }

    /** Casts the images, e.g. to float64 for gradient checks. */
    public EpisodeBatch cast(DataType type) {
        return new EpisodeBatch(supportX.toType(type, false), supportY, queryX.toType(type, false), queryY, way,
                shot, queryPerClass);
    }
}
