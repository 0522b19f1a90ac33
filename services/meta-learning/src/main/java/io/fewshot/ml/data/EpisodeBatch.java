package io.fewshot.ml.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.fewshot.dataset.format.FewShotDataset;
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

    /**
     * One unlabelled task from stored images (as {@link io.fewshot.dataset.image.ImagePreprocessing} makes
     * them): {@code support} class-major, {@code shot} images per class; {@code query} in any order. The query
     * labels are placeholders (0) and {@code queryPerClass} is 0: such a batch is for
     * {@link io.fewshot.ml.methods.MetaLearner#predict}, never for a loss.
     */
    public static EpisodeBatch ofImages(NDManager m, FewShotDataset ds, List<byte[]> support, int way, int shot,
            List<byte[]> query) {
        if (way < 1 || shot < 1 || support.size() != way * shot) {
            throw new IllegalArgumentException("need " + way + " x " + shot + " support images, got " + support.size());
        }
        if (query.isEmpty()) {
            throw new IllegalArgumentException("need at least one query image");
        }
        NDArray sx = stack(m, ds, support);
        NDArray qx = stack(m, ds, query);
        NDArray qy = m.zeros(new Shape(1, query.size()), DataType.INT64);
        return new EpisodeBatch(sx, labels(m, 1, way, shot), qx, qy, way, shot, 0);
    }

    private static NDArray stack(NDManager m, FewShotDataset ds, List<byte[]> images) {
        int bytes = ds.imageBytes();
        float[] out = new float[images.size() * bytes];
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).length != bytes) {
                throw new IllegalArgumentException("image " + i + " has " + images.get(i).length + " bytes; "
                        + ds.name() + " images have " + ds.channels() + "x" + ds.height() + "x" + ds.width());
            }
            ds.standardise(images.get(i), 0, out, i * bytes);
        }
        return m.create(out, new Shape(1, images.size(), ds.channels(), ds.height(), ds.width()));
    }

    private static NDArray images(NDManager m, FewShotDataset ds, List<Episode> episodes, boolean support, int per) {
        int bytes = ds.imageBytes();
        float[] out = new float[episodes.size() * per * bytes];
        int o = 0;
        for (Episode e : episodes) {
            int[][] idx = support ? e.support() : e.query();
            for (int c = 0; c < e.way(); c++) {
                byte[] px = ds.pixels(e.classes()[c]);
                for (int img : idx[c]) {
                    ds.standardise(px, img * bytes, out, o);
                    o += bytes;
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
