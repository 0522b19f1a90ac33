package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Multi-document YAML in, one JSON tree per non-empty document out. */
public final class YamlDocs {

    private static final YAMLMapper MAPPER = new YAMLMapper(new YAMLFactory());

    private YamlDocs() {
    }

    public static List<JsonNode> parse(String yaml, String source) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse YAML of " + source + ": " + e.getMessage(), e);
        }
        return docs;
    }

    public static List<JsonNode> read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A single-document file, e.g. a CRD or a JSON schema (JSON is YAML). */
    public static JsonNode readOne(Path file) {
        List<JsonNode> docs = read(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + " should hold one document, holds " + docs.size());
        }
        return docs.get(0);
    }

    /** What a reader sees in a problem report: "Deployment/trainer". */
    public static String describe(JsonNode doc) {
        return doc.path("kind").asText("<no kind>") + "/" + doc.path("metadata").path("name").asText("<no name>");
    }
}
