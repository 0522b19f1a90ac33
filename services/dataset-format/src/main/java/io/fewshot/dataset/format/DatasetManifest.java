package io.fewshot.dataset.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * manifest.json: the only file a consumer trusts. Written last by ingest; its presence commits a dataset.
 *
 * <p>Split class names are stored class names, or a stored class name followed by {@code /rotDDD}
 * (DDD in 000, 090, 180, 270): that class's images rotated counter-clockwise by DDD degrees, made by the
 * reader. Omniglot stores each character once and its Vinyals split names the four rotations.
 *
 * @param formatVersion  manifest/shard format generation ({@link #FORMAT_VERSION})
 * @param format         source layout family: "omniglot" or "mini-imagenet"
 * @param toolVersion    the ingest tool that wrote it
 * @param mean           per-channel mean over every stored image, [0, 1] scale
 * @param std            per-channel standard deviation, same images
 * @param sources        every source archive with its sha256
 * @param shards         every shard with its sha256, relative to the manifest's folder
 * @param classes        stored classes in shard order
 * @param splits         scheme (e.g. "vinyals", "lake", "ravi") -> pool ("train", "val", "test") -> class names
 * @param defaultSplit   the scheme a reader uses when none is asked for
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetManifest(int formatVersion, String name, String version, String format, String toolVersion,
        String createdAt, ImageSpec image, float[] mean, float[] std, int totalImages, List<Source> sources,
        List<ShardEntry> shards, List<ClassEntry> classes, Map<String, Map<String, List<String>>> splits,
        String defaultSplit) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Stored image shape and how it was produced. */
    public record ImageSpec(int channels, int height, int width, String dtype, String layout, String resampling) {
    }

    /** A source archive as ingested. */
    public record Source(String name, String location, String sha256, long bytes) {
    }

    /** A shard file, its path relative to the manifest's folder. */
    public record ShardEntry(String path, String sha256, long bytes, int images) {
    }

    /** A stored class: its images are {@code images} consecutive images of {@code shard} from {@code offset}. */
    public record ClassEntry(String name, int images, String shard, int offset) {
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write manifest", e);
        }
    }

    public static DatasetManifest fromJson(byte[] json) throws IOException {
        DatasetManifest m = JSON.readValue(json, DatasetManifest.class);
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new IOException("manifest format " + m.formatVersion() + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        if (m.image() == null || m.classes() == null || m.shards() == null || m.splits() == null) {
            throw new IOException("manifest of " + m.name() + " lacks image, classes, shards or splits");
        }
        return m;
    }

    /** The dataset id used as event key: name/version. */
    public String id() {
        return name + "/" + version;
    }
}
