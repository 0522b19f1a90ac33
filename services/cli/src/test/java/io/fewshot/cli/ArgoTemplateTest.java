package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Arguments are checked against the project's WorkflowTemplate as Argo would check them. */
class ArgoTemplateTest {
    private static ArgoTemplate template() throws Exception {
        try (var in = Files.newInputStream(Path.of("../../argo/fewshot-sweep.yaml"))) {
            return ArgoTemplate.of(Serialization.unmarshal(in, GenericKubernetesResource.class));
        }
    }

    @Test
    void readsTheDeclaredParametersWithTheirDefaultsAndEnums() throws Exception {
        ArgoTemplate t = template();

        assertEquals("fewshot-sweep", t.name());
        assertEquals(List.of("smoke", "quick", "cpu", "paper"), t.parameters().get("profile").allowed());
        assertEquals("smoke", t.parameters().get("profile").defaultValue());
        assertEquals(null, t.parameters().get("omniglot-source").defaultValue(), "required: no default");
        assertEquals("", t.parameters().get("miniimagenet-source").defaultValue(), "an empty default is a default");
    }

    @Test
    void aValueOutsideTheEnumIsAProblem() throws Exception {
        assertEquals(List.of("parameter 'profile' must be one of smoke, quick, cpu, paper, was 'huge'"),
                template().problems(Map.of("profile", "huge", "omniglot-source", "x")));
    }

    @Test
    void completeArgumentsHaveNoProblem() throws Exception {
        assertEquals(List.of(), template().problems(Map.of("profile", "cpu", "omniglot-source", "x",
                "miniimagenet-source", "")));
    }
}
