package io.fewshot.ingest.core;

import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.Datasets;
import io.fewshot.contracts.LocalFiles;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.ingest.archive.DirectoryArchive;
import io.fewshot.ingest.archive.ImageArchive;
import io.fewshot.ingest.archive.TarArchive;
import io.fewshot.ingest.archive.ZipArchive;
import io.fewshot.ingest.core.IngestException.Code;
import io.fewshot.ingest.layout.IngestPlan;
import io.fewshot.ingest.source.ExpectedDigests;
import io.fewshot.ingest.source.FetchedSource;
import io.fewshot.ingest.source.JunkFiles;
import io.fewshot.ingest.source.SourceFetcher;
import io.fewshot.platform.s3.S3Store;
import io.fewshot.platform.s3.StorageException;
import io.fewshot.dataset.format.DatasetManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One ingest, start to end: fetch and verify the sources, derive the version from their digests (so the
 * same source maps to the same dataset and a repeat is a no-op), read the layout, build shards locally,
 * publish them by the commit protocol, announce the dataset. Everything local lives in a per-job work
 * folder that is always removed.
 */
public final class Ingester {
    public static final String TOOL_VERSION = "fewshot-ingest 0.1.0 (shard format " + DatasetManifest.FORMAT_VERSION + ")";

    private final S3Store store;
    private final DatasetEvents events;
    private final IngestSettings settings;

    public Ingester(S3Store store, DatasetEvents events, IngestSettings settings) {
        this.store = store;
        this.events = events;
        this.settings = settings;
    }

    /** Checks a request without doing anything; throws BAD_REQUEST naming the field at fault. */
    public static void validate(IngestRequest request) {
        if (request == null) {
            throw new IngestException(Code.BAD_REQUEST, "a JSON body {name, source, sha256?} is required");
        }
        DatasetFormat.of(request.format(), checkedName(request.name(), request.format()))
                .imagesPerClass(request.imagesPerClass());
        if (request.source() == null || request.source().isBlank()) {
            throw new IngestException(Code.BAD_REQUEST, "source is required (an https URL or a local path)");
        }
        ExpectedDigests.parse(request.sha256());
    }

    public IngestOutcome ingest(IngestRequest request, ProgressListener progress) {
        validate(request);
        String name = request.name();
        DatasetFormat format = DatasetFormat.of(request.format(), name);
        int imagesPerClass = format.imagesPerClass(request.imagesPerClass());
        ExpectedDigests expected = ExpectedDigests.parse(request.sha256());
        Path work = null;
        try {
            Files.createDirectories(settings.workDir());
            work = Files.createTempDirectory(settings.workDir(), "job-");
            progress.update("fetching", 0.0);
            SourceFetcher fetcher = new SourceFetcher(work, settings.connectTimeout(), settings.downloadTimeout(),
                    settings.limits().maxTotalBytes());
            List<FetchedSource> sources = fetcher.fetch(request.source(), format.standardArchives());
            expected.verify(sources);
            progress.update("checking", 0.02);
            store.ensureBucket();
            String version = version(format, imagesPerClass, sources);
            String manifestKey = ObjectKeys.datasetManifest(name, version);
            DatasetPublisher publisher = new DatasetPublisher(store);
            IngestOutcome existing = existing(manifestKey);
            if (existing != null) {
                progress.update("exists", 1.0);
                return existing;
            }
            DatasetManifest manifest = build(name, version, format, imagesPerClass, sources, work, progress);
            progress.update("publishing", 0.9);
            DatasetManifest committed = publisher.publish(manifest, work);
            if (committed != manifest) {
                return existing(manifestKey);
            }
            events.ingested(committed, manifestKey, sha256Hex(committed.toJson()));
            progress.update("done", 1.0);
            return new IngestOutcome(committed, manifestKey, true);
        } catch (IOException e) {
            throw new IngestException(Code.STORAGE_FAILURE, "local work folder: " + e.getMessage(), e);
        } catch (StorageException e) {
            // The platform's S3 failure, reported with ingest's stable code like every other failed step.
            throw new IngestException(Code.STORAGE_FAILURE, e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * The committed dataset at this key, or null. Its event is sent again: consumers are idempotent by key,
     * and a repeat heals an event lost after an earlier commit.
     */
    private IngestOutcome existing(String manifestKey) {
        byte[] bytes = store.getBytesOrNull(manifestKey);
        if (bytes == null) {
            return null;
        }
        DatasetManifest manifest;
        try {
            manifest = DatasetManifest.fromJson(bytes);
        } catch (IOException e) {
            throw new IngestException(Code.STORAGE_FAILURE, manifestKey + " is not a readable manifest: "
                    + e.getMessage(), e);
        }
        events.ingested(manifest, manifestKey, sha256Hex(bytes));
        return new IngestOutcome(manifest, manifestKey, false);
    }

    private DatasetManifest build(String name, String version, DatasetFormat format, int imagesPerClass,
            List<FetchedSource> sources, Path work, ProgressListener progress) throws IOException {
        List<ImageArchive> archives = new ArrayList<>();
        try {
            for (FetchedSource s : sources) {
                archives.add(JunkFiles.skip(open(s, work)));
            }
            progress.update("planning", 0.05);
            IngestPlan plan = format.plan(archives, imagesPerClass);
            progress.update("converting", 0.05);
            ShardBuilder.Result built = new ShardBuilder(settings.maxShardBytes(), settings.parallelism())
                    .build(plan, work, f -> progress.update("converting", 0.05 + 0.85 * f));
            List<DatasetManifest.Source> sourceEntries = sources.stream()
                    .map(s -> new DatasetManifest.Source(s.name(), s.location(), s.sha256(), s.bytes())).toList();
            DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT_VERSION, name, version,
                    format.id(), TOOL_VERSION, Instant.now().toString(),
                    new DatasetManifest.ImageSpec(plan.channels(), plan.height(), plan.width(), "uint8", "CHW",
                            plan.resampling()),
                    built.mean(), built.std(), built.images(), sourceEntries, built.shards(), built.classes(),
                    plan.splits(), plan.defaultSplit());
            return manifest;
        } finally {
            for (ImageArchive a : archives) {
                a.close();
            }
        }
    }

    private ImageArchive open(FetchedSource s, Path work) throws IOException {
        Path p = s.path();
        String fileName = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return new DirectoryArchive(p, settings.limits());
        }
        if (fileName.endsWith(".zip")) {
            return new ZipArchive(p, settings.limits());
        }
        if (TarArchive.isTar(fileName)) {
            return TarArchive.open(p, settings.limits(), work);
        }
        throw new IngestException(Code.BAD_LAYOUT, s.name() + " is not a zip, tar, tar.gz or folder");
    }

    /** Content-derived: format, tool, image count and the source digests (not their locations). */
    static String version(DatasetFormat format, int imagesPerClass, List<FetchedSource> sources) {
        List<String> digests = sources.stream().map(FetchedSource::sha256).sorted().toList();
        String key = format.id() + "\n" + TOOL_VERSION + "\n" + imagesPerClass + "\n" + String.join("\n", digests);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One name per dataset: a known dataset must be ingested under its canonical name (the trainer and
     * planner look for no other, so "miniimagenet" would be ingested and never found). Any other name
     * needs an explicit format (a dataset of one's own, for a hand-made RunSpec).
     */
    static String checkedName(String name, String format) {
        if (name == null || name.isBlank()) {
            throw new IngestException(Code.BAD_REQUEST, "name is required: one of " + known());
        }
        try {
            ObjectKeys.segment("dataset name", name);
        } catch (ContractViolation e) {
            throw new IngestException(Code.BAD_REQUEST, e.getMessage(), e);
        }
        Optional<String> canonical = Datasets.canonical(name);
        if (canonical.isPresent() && !canonical.get().equals(name)) {
            throw new IngestException(Code.BAD_REQUEST, "dataset name '" + name + "' is another spelling of '"
                    + canonical.get() + "'; use '" + canonical.get() + "', the name the planner and trainer know"
                    + " (known datasets: " + known() + ")");
        }
        if (canonical.isEmpty() && (format == null || format.isBlank())) {
            throw new IngestException(Code.BAD_REQUEST, "unknown dataset '" + name + "': known datasets are "
                    + known() + " (a dataset under another name needs an explicit format: omniglot or mini-imagenet)");
        }
        return name;
    }

    private static String known() {
        return String.join(", ", Datasets.KNOWN);
    }

    private static void deleteTree(Path root) {
        try {
            LocalFiles.deleteTree(root);
        } catch (UncheckedIOException e) {
            // best effort: a leftover temp folder is harmless, and the job's outcome is what matters
        }
    }
}
