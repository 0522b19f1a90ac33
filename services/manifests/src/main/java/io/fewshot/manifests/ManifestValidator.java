package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks Kubernetes objects against the strict offline schemas: unknown fields, wrong types,
 * missing required fields, values outside an enum or pattern. A kind that no offline schema
 * defines is itself a problem, so nothing passes unchecked.
 */
public final class ManifestValidator {

    private final SchemaCatalog catalog;

    public ManifestValidator(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    /** Problems of every document, each named "{@code origin} Kind/name". */
    public List<Problem> validateAll(List<JsonNode> docs, String origin) {
        List<Problem> problems = new ArrayList<>();
        for (JsonNode doc : docs) {
            problems.addAll(validate(doc, origin + " " + YamlDocs.describe(doc)));
        }
        return problems;
    }

    public List<Problem> validate(JsonNode doc, String source) {
        Gvk gvk = Gvk.of(doc);
        if (gvk == null) {
            return List.of(new Problem(source, "$", "apiVersion and kind are required"));
        }
        Optional<JsonSchema> schema = catalog.forKind(gvk);
        if (schema.isEmpty()) {
            return List.of(new Problem(source, "$", "no offline schema defines " + gvk
                    + " (a typo in apiVersion or kind, or a schema missing from ../shared/schemas)"));
        }
        List<Problem> problems = new ArrayList<>(toProblems(schema.get().validate(doc), source, ""));
        if (!doc.has("metadata")) {
            problems.add(new Problem(source, "$", "metadata is required"));
        } else if (!doc.path("metadata").has("name") && !doc.path("metadata").has("generateName")) {
            problems.add(new Problem(source, "$.metadata", "metadata.name (or generateName, for kubectl create / argo submit) is required"));
        } else if (isCustomResource(gvk)) {
            problems.addAll(toProblems(catalog.objectMeta().validate(doc.path("metadata")), source, ".metadata"));
        }
        return problems;
    }

    /** Custom resources' CRDs say only "metadata: object"; built-in kinds' schemas check it already. */
    private static boolean isCustomResource(Gvk gvk) {
        return gvk.group().contains(".") && !gvk.group().endsWith(".k8s.io");
    }

    static List<Problem> toProblems(Set<ValidationMessage> messages, String source, String pathPrefix) {
        return messages.stream()
                .map(m -> new Problem(source, prefixed(m.getInstanceLocation().toString(), pathPrefix), withoutPath(m)))
                .sorted(Comparator.comparing(Problem::path).thenComparing(Problem::message))
                .toList();
    }

    /** The library starts each message with the instance path, which Problem already carries. */
    private static String withoutPath(ValidationMessage m) {
        String lead = m.getInstanceLocation() + ": ";
        return m.getMessage().startsWith(lead) ? m.getMessage().substring(lead.length()) : m.getMessage();
    }

    private static String prefixed(String path, String prefix) {
        return prefix.isEmpty() ? path : "$" + prefix + path.substring(1);
    }
}
