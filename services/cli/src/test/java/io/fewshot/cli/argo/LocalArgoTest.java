package io.fewshot.cli.argo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local executor's own semantics, on small templates whose steps are shell one-liners. */
class LocalArgoTest {
    private static final Path SWEEP_TEMPLATE = Path.of("../../argo/fewshot-sweep.yaml");
    private static final LocalArgo.Images SHELL = new LocalArgo.Images(Map.of("sh", List.of("sh")), Map.of());
    private static final LocalArgo.Hook NONE = a -> { };

    @Test
    void fansOutOverWithParamRetriesAllButExit2AndOmitsWhatDependsOnAFailure(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("t.yaml");
        Files.writeString(template, """
                apiVersion: argoproj.io/v1alpha1
                kind: WorkflowTemplate
                metadata: {name: t}
                spec:
                  entrypoint: main
                  arguments:
                    parameters:
                      - {name: items, value: '["a", "b"]'}
                  templates:
                    - name: main
                      dag:
                        tasks:
                          - name: fan
                            template: echo
                            withParam: "{{workflow.parameters.items}}"
                            arguments: {parameters: [{name: x, value: "{{item}}"}]}
                          - {name: flaky, template: flaky, depends: fan.Succeeded}
                          - {name: doomed, template: doomed, depends: flaky.Succeeded}
                          - name: after
                            template: echo
                            depends: doomed.Succeeded
                            arguments: {parameters: [{name: x, value: never}]}
                    - name: echo
                      inputs: {parameters: [{name: x}]}
                      container: {image: "sh:1", args: ["-c", "echo {{inputs.parameters.x}}"]}
                    - name: flaky
                      retryStrategy: {limit: "3", retryPolicy: Always, expression: "lastRetry.exitCode != '2'"}
                      container: {image: "sh:1", args: ["-c", "test -f ../tried && exit 0; touch ../tried; exit 1"]}
                    - name: doomed
                      retryStrategy: {limit: "3", retryPolicy: Always, expression: "lastRetry.exitCode != '2'"}
                      container: {image: "sh:1", args: ["-c", "exit 2"]}
                """);
        LocalArgo argo = new LocalArgo(template, SHELL, Map.of(), dir.resolve("pods"), NONE, Duration.ofSeconds(30));

        assertEquals("Failed", argo.run("w", Map.of()));
        assertEquals(List.of("a", "b"), argo.steps("echo").stream().map(LocalArgo.Step::result).sorted().toList(),
                "one branch per item; 'after' never ran");
        assertEquals(List.of(1, 0), argo.steps("flaky").get(0).exitCodes(), "exit 1 is retried");
        assertEquals(List.of(2), argo.steps("doomed").get(0).exitCodes(), "exit 2 is not");
    }

    @Test
    void theSweepTemplateUsesOnlyWhatTheExecutorResolves() throws Exception {
        new LocalArgo(SWEEP_TEMPLATE, SHELL, Map.of(), Path.of("unused"), NONE, Duration.ofSeconds(1));
    }

    @Test
    void aFieldTheExecutorDoesNotResolveFailsLoudly(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("t.yaml");
        Files.writeString(template, Files.readString(SWEEP_TEMPLATE)
                .replace("  archiveLogs: true\n", "  archiveLogs: true\n  activeDeadlineSeconds: 60\n"));

        UnsupportedTemplate e = assertThrows(UnsupportedTemplate.class, () -> new LocalArgo(template, SHELL, Map.of(),
                dir, NONE, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("'activeDeadlineSeconds'"), e.getMessage());
    }

    @Test
    void theDeviceParameterChoosesTheTrainerImageAndTheGpuPatch() {
        Map<String, String> gpu = Map.of("workflow.parameters.device", "gpu", "workflow.parameters.gpu-pod-spec-patch",
                "{\"nodeSelector\": {}}", "workflow.parameters.image-tag", "1.0");
        Map<String, String> cpu = Map.of("workflow.parameters.device", "cpu", "workflow.parameters.gpu-pod-spec-patch",
                "{\"nodeSelector\": {}}", "workflow.parameters.image-tag", "1.0");
        String patch = "{{=workflow.parameters.device == 'gpu' ? workflow.parameters['gpu-pod-spec-patch'] : '{}'}}";
        String image = "x/{{=workflow.parameters.device == 'gpu' ? 'trainer-gpu' : 'trainer'}}:{{workflow.parameters.image-tag}}";

        assertEquals("{\"nodeSelector\": {}}", Substitution.apply(patch, gpu));
        assertEquals("{}", Substitution.apply(patch, cpu));
        assertEquals("x/trainer-gpu:1.0", Substitution.apply(image, gpu));
        assertEquals("x/trainer:1.0", Substitution.apply(image, cpu));
        assertThrows(UnsupportedTemplate.class, () -> Substitution.apply("{{=sprig.upper('x')}}", cpu));
        assertThrows(UnsupportedTemplate.class, () -> Substitution.apply("{{workflow.uid}}", cpu));
    }

    @Test
    void dependsReadsResultsAndBooleanOperators() {
        String plan = "pretrain-omniglot.Succeeded && (pretrain-miniimagenet.Succeeded || pretrain-miniimagenet.Skipped"
                + " || pretrain-miniimagenet.Omitted)";
        assertTrue(Depends.holds(plan, Map.of("pretrain-omniglot", "Succeeded", "pretrain-miniimagenet", "Omitted")));
        assertEquals(false, Depends.holds(plan, Map.of("pretrain-omniglot", "Succeeded", "pretrain-miniimagenet",
                "Failed")));
        assertEquals(false, Depends.holds(plan, Map.of("pretrain-omniglot", "Failed", "pretrain-miniimagenet",
                "Succeeded")));
    }
}
