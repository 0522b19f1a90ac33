package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every resource type this project deploys, mapped to a strict JSON schema compiled from the
 * offline copies in ../shared/schemas: the Kubernetes 1.36 OpenAPI v3 documents, the Strimzi 1.2
 * CRDs and the Argo Workflows JSON schema. Schemas compile on first use.
 */
public final class SchemaCatalog {

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /**
     * A schema not yet compiled.
     *
     * @param documentId  where it comes from, for the schema's URI
     * @param definitions an object holding the (strict) definitions its $refs point into, e.g.
     *                    {"components": {"schemas": ...}} or {"definitions": ...}
     * @param pointer     the JSON pointer of the schema itself within {@code definitions}
     */
    private record Source(String documentId, ObjectNode definitions, String pointer) {
    }

    private final Map<Gvk, Source> sources = new HashMap<>();
    private final Map<String, Source> byName = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private SchemaCatalog() {
    }

    public static SchemaCatalog load(Path sharedSchemas) {
        SchemaCatalog catalog = new SchemaCatalog();
        catalog.loadKubernetes(sharedSchemas.resolve("kubernetes").resolve("v1.36.0"));
        catalog.loadCrds(sharedSchemas.resolve("strimzi").resolve("1.2.0"));
        catalog.loadArgo(sharedSchemas.resolve("argo-workflows").resolve("schema.json"));
        return catalog;
    }

    /** The strict schema for a resource type, if one of the offline schemas defines it. */
    public Optional<JsonSchema> forKind(Gvk gvk) {
        Source source = sources.get(gvk);
        return source == null ? Optional.empty() : Optional.of(compiled.computeIfAbsent(gvk.toString(), k -> compile(source)));
    }

    /** Kubernetes' ObjectMeta: CRDs leave metadata open, but the API server checks it for every object. */
    public JsonSchema objectMeta() {
        return named("kubernetes:" + OBJECT_META);
    }

    /** A named Kubernetes definition, e.g. io.k8s.api.core.v1.Toleration. */
    public JsonSchema kubernetesDefinition(String name) {
        return named("kubernetes:" + name);
    }

    /** A named Argo definition, e.g. io.argoproj.workflow.v1alpha1.ArtifactRepository. */
    public JsonSchema argoDefinition(String name) {
        return named("argo:" + name);
    }

    private JsonSchema named(String key) {
        Source source = byName.get(key);
        if (source == null) {
            throw new IllegalArgumentException("no schema named " + key + " in the offline schemas");
        }
        return compiled.computeIfAbsent(key, k -> compile(source));
    }

    private void loadKubernetes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith("_openapi.json")).sorted().toList()) {
                JsonNode schemas = YamlDocs.readOne(file).path("components").path("schemas");
                ObjectNode holder = JsonNodeFactory.instance.objectNode();
                holder.putObject("components").set("schemas", StrictSchema.strictMap(schemas));
                String documentId = "kubernetes/" + file.getFileName();
                schemas.properties().forEach(entry -> {
                    Source source = new Source(documentId, holder, "#/components/schemas/" + entry.getKey());
                    byName.putIfAbsent("kubernetes:" + entry.getKey(), source);
                    forEachGvk(entry.getValue(), gvk -> sources.putIfAbsent(gvk, source));
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private void loadCrds(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains("-Crd-")).sorted().toList()) {
                JsonNode crd = YamlDocs.readOne(file);
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    ObjectNode holder = JsonNodeFactory.instance.objectNode();
                    holder.set("crd", StrictSchema.strict(version.path("schema").path("openAPIV3Schema")));
                    sources.put(new Gvk(group, version.path("name").asText(), kind), new Source(
                            "strimzi/" + file.getFileName() + "/" + version.path("name").asText(), holder, "#/crd"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private void loadArgo(Path file) {
        ObjectNode definitions = correctArgoTypes((ObjectNode) YamlDocs.readOne(file).path("definitions"));
        ObjectNode holder = JsonNodeFactory.instance.objectNode();
        holder.set("definitions", StrictSchema.strictMap(definitions));
        definitions.properties().forEach(entry -> {
            Source source = new Source("argo-workflows/schema.json", holder, "#/definitions/" + entry.getKey());
            byName.put("argo:" + entry.getKey(), source);
            forEachGvk(entry.getValue(), gvk -> sources.putIfAbsent(gvk, source));
        });
    }

    /**
     * Argo's generated JSON schema flattens types that take more than one JSON type to
     * {@code type: string}, so valid documents would fail: IntOrString ({@code limit: 3},
     * {@code port: 8080}) and Quantity ({@code cpu: 1}) get Kubernetes' own definitions, and
     * Argo's AnyString (parameter values, defaults and enums, which its decoder accepts as
     * numbers and booleans) takes scalars.
     */
    private static ObjectNode correctArgoTypes(ObjectNode definitions) {
        ObjectNode copy = definitions.deepCopy();
        copy.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", oneOfTypes("integer", "string"));
        copy.set("io.k8s.apimachinery.pkg.api.resource.Quantity", oneOfTypes("string", "number"));
        ObjectNode parameter = (ObjectNode) copy.path("io.argoproj.workflow.v1alpha1.Parameter").path("properties");
        parameter.set("value", anyScalar());
        parameter.set("default", anyScalar());
        ((ObjectNode) parameter.path("enum")).set("items", anyScalar());
        ((ObjectNode) copy.path("io.argoproj.workflow.v1alpha1.ValueFrom").path("properties")).set("default", anyScalar());
        return copy;
    }

    private static ObjectNode oneOfTypes(String... types) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        for (String type : types) {
            schema.withArray("oneOf").addObject().put("type", type);
        }
        return schema;
    }

    private static ObjectNode anyScalar() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.putArray("type").add("string").add("number").add("boolean");
        return schema;
    }

    private static void forEachGvk(JsonNode schema, java.util.function.Consumer<Gvk> action) {
        for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
            action.accept(new Gvk(gvk.path("group").asText(), gvk.path("version").asText(), gvk.path("kind").asText()));
        }
    }

    /**
     * A root that holds the shared definitions and refers to the wanted one, under a URI of its
     * own. Compiled as JSON Schema 2020-12, where a $ref may stand beside other keywords; the
     * schemas use no keyword whose meaning differs between 2020-12 and OpenAPI 3.0.
     */
    private static JsonSchema compile(Source source) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("$ref", source.pointer());
        root.setAll(source.definitions());
        String name = source.pointer().substring(source.pointer().lastIndexOf('/') + 1);
        SchemaLocation location = SchemaLocation.of("urn:fewshot:schemas:" + source.documentId().replace('/', ':') + ":" + name);
        return FACTORY.getSchema(location, root, CONFIG);
    }
}
