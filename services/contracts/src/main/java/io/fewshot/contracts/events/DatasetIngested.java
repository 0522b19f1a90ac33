package io.fewshot.contracts.events;

import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.ObjectKeys;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataset version is complete in the bucket: its manifest, written last, exists.
 *
 * @param name           dataset name, as in {@code RunSpec.dataset} ({@code omniglot}, {@code mini-imagenet})
 * @param version        version of the ingested data; with the name it forms the key
 * @param split          the class split scheme, as in {@code RunSpec.split} ({@code vinyals}, {@code ravi})
 * @param manifestKey    {@code datasets/<name>/<version>/manifest.json}
 * @param manifestSha256 lowercase hex SHA-256 of the manifest's bytes
 * @param imageSize      side of the square images after resizing (28, 84)
 * @param channels       1 (grey) or 3 (RGB)
 * @param classes        classes over all partitions (Omniglot counts each rotation as a class)
 * @param images         images over all partitions
 * @param partitions     size of each partition, by name: {@code train}, {@code val}, {@code test}
 */
public record DatasetIngested(
        String name,
        String version,
        String split,
        String manifestKey,
        String manifestSha256,
        int imageSize,
        int channels,
        int classes,
        int images,
        Map<String, PartitionSize> partitions) implements EventData {

    private static final String SELF = "DatasetIngested";

    public DatasetIngested {
        Checks.id(SELF, "name", name);
        Checks.id(SELF, "version", version);
        Checks.text(SELF, "split", split);
        ContractViolation.require(ObjectKeys.datasetManifest(name, version).equals(manifestKey), SELF,
                "manifestKey", "must be " + ObjectKeys.datasetManifest(name, version) + ", was " + manifestKey);
        ContractViolation.require(manifestSha256 != null && manifestSha256.matches("[0-9a-f]{64}"), SELF,
                "manifestSha256", "must be 64 lowercase hex digits, was " + manifestSha256);
        Checks.positive(SELF, "imageSize", imageSize);
        ContractViolation.require(channels == 1 || channels == 3, SELF, "channels", "must be 1 or 3, was " + channels);
        ContractViolation.require(partitions != null && !partitions.isEmpty(), SELF, "partitions", "must not be empty");
        partitions = new TreeMap<>(partitions);
        int sumClasses = partitions.values().stream().mapToInt(PartitionSize::classes).sum();
        int sumImages = partitions.values().stream().mapToInt(PartitionSize::images).sum();
        ContractViolation.require(classes == sumClasses, SELF, "classes",
                "must equal the partitions' total " + sumClasses + ", was " + classes);
        ContractViolation.require(images == sumImages, SELF, "images",
                "must equal the partitions' total " + sumImages + ", was " + images);
        partitions = java.util.Collections.unmodifiableMap(partitions);
    }

    /** {@code <name>@<version>}, e.g. {@code omniglot@v1}. */
    public static String datasetId(String name, String version) {
        return name + "@" + version;
    }

    @Override
    public String key() {
        return datasetId(name, version);
    }
}
