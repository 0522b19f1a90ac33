package io.fewshot.ingest.core;

import io.fewshot.dataset.format.DatasetManifest.ClassEntry;
import io.fewshot.dataset.format.DatasetManifest.ShardEntry;
import io.fewshot.dataset.format.ShardFormat;
import io.fewshot.dataset.image.ChannelStats;
import io.fewshot.dataset.image.ImageDecodeException;
import io.fewshot.dataset.image.ImagePreprocessing;
import io.fewshot.ingest.core.IngestException.Code;
import io.fewshot.ingest.layout.ImageRef;
import io.fewshot.ingest.layout.IngestPlan;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Turns a plan into shard files in a local folder: reads each group of classes, decodes and resizes their
 * images in parallel, and writes whole classes into shards of at most {@code maxShardBytes} pixels.
 * Only one shard's worth of pixels is in memory at a time.
 */
public final class ShardBuilder {
    /** What was written: shards and classes for the manifest, and per-channel statistics. */
    public record Result(List<ShardEntry> shards, List<ClassEntry> classes, float[] mean, float[] std, int images) {
    }

    private static final int BATCH = 2048;

    private final long maxShardBytes;
    private final int parallelism;

    public ShardBuilder(long maxShardBytes, int parallelism) {
        this.maxShardBytes = maxShardBytes;
        this.parallelism = parallelism;
    }

    public Result build(IngestPlan plan, Path folder, DoubleConsumer progress) throws IOException {
        Files.createDirectories(folder.resolve("shards"));
        int imageBytes = plan.channels() * plan.height() * plan.width();
        ImagePreprocessing preprocessing = new ImagePreprocessing(plan.channels(), plan.height(), plan.width());
        List<ShardEntry> shards = new ArrayList<>();
        List<ClassEntry> classes = new ArrayList<>();
        ChannelStats stats = new ChannelStats(plan.channels(), imageBytes);
        int done = 0;
        int total = plan.totalImages();
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            int next = 0;
            while (next < plan.classes().size()) {
                List<IngestPlan.PlannedClass> group = new ArrayList<>();
                long bytes = 0;
                while (next < plan.classes().size()) {
                    IngestPlan.PlannedClass c = plan.classes().get(next);
                    long size = (long) c.images().size() * imageBytes;
                    if (!group.isEmpty() && bytes + size > maxShardBytes) {
                        break;
                    }
                    group.add(c);
                    bytes += size;
                    next++;
                }
                String path = String.format("shards/shard-%05d.bin", shards.size());
                List<ImageRef> refs = new ArrayList<>();
                for (IngestPlan.PlannedClass c : group) {
                    int offset = refs.size();
                    refs.addAll(c.images());
                    classes.add(new ClassEntry(c.name(), c.images().size(), path, offset));
                }
                int before = done;
                byte[] pixels = convert(refs, preprocessing, imageBytes, pool,
                        n -> progress.accept((double) (before + n) / total));
                stats.add(pixels);
                shards.add(write(folder, path, plan, refs.size(), pixels));
                done += refs.size();
            }
        } finally {
            pool.shutdown();
        }
        return new Result(shards, classes, stats.mean(), stats.std(), done);
    }

    /**
     * Reads, decodes and resizes in parallel (archives allow concurrent reads), in batches so that progress
     * is reported while a large shard fills.
     */
    private static byte[] convert(List<ImageRef> refs, ImagePreprocessing preprocessing, int imageBytes,
            ForkJoinPool pool, IntConsumer converted) throws IOException {
        byte[] pixels = new byte[refs.size() * imageBytes];
        for (int from = 0; from < refs.size(); from += BATCH) {
            convertRange(refs, from, Math.min(refs.size(), from + BATCH), preprocessing, imageBytes, pool, pixels);
            converted.accept(Math.min(refs.size(), from + BATCH));
        }
        return pixels;
    }

    private static void convertRange(List<ImageRef> refs, int from, int to, ImagePreprocessing preprocessing,
            int imageBytes, ForkJoinPool pool, byte[] pixels) throws IOException {
        try {
            pool.submit(() -> IntStream.range(from, to).parallel().forEach(i -> {
                ImageRef ref = refs.get(i);
                try {
                    byte[] encoded = ref.archive().read(ref.path());
                    byte[] img = preprocessing.apply(encoded, ref.toString());
                    System.arraycopy(img, 0, pixels, i * imageBytes, imageBytes);
                } catch (ImageDecodeException e) {
                    throw new IngestException(Code.CORRUPT_IMAGE, e.getMessage(), e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    private static ShardEntry write(Path folder, String path, IngestPlan plan, int count, byte[] pixels)
            throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path file = folder.resolve(path);
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), sha)) {
            ShardFormat.writeHeader(out, plan.channels(), plan.height(), plan.width(), count);
            out.write(pixels);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new ShardEntry(path, HexFormat.of().formatHex(sha.digest()), Files.size(file), count);
    }
}
