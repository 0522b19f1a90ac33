package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fsb submit --cluster} against the fabric8 mock API server in CRUD mode (plus one canned
 * refusal), configured the way a user would: a kubeconfig named by KUBECONFIG. The WorkflowTemplate
 * the server holds is the project's own argo/fewshot-sweep.yaml.
 */
class SubmitClusterTest {
    private static final Path TEMPLATE = Path.of("../../argo/fewshot-sweep.yaml");
    private static KubernetesMockServer server;
    private static NamespacedKubernetesClient client;
    private static Map<String, String> env;

    @BeforeAll
    static void startApiServer(@TempDir Path dir) throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        GenericKubernetesResource template;
        try (InputStream in = Files.newInputStream(TEMPLATE)) {
            template = Serialization.unmarshal(in, GenericKubernetesResource.class);
        }
        for (String ns : List.of("fewshot", "locked")) {
            template.getMetadata().setNamespace(ns);
            client.genericKubernetesResources(ClusterSubmitter.TEMPLATES).inNamespace(ns).resource(template).create();
        }
        // A namespace where the API server refuses Workflows, as RBAC would.
        server.expect().post().withPath("/apis/argoproj.io/v1alpha1/namespaces/locked/workflows")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
                        .withMessage("workflows.argoproj.io is forbidden: User \"ci\" cannot create resource"
                                + " \"workflows\" in API group \"argoproj.io\" in the namespace \"locked\"").build())
                .always();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://127.0.0.1:%d
                users:
                - name: tester
                  user:
                    token: test-token
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                current-context: mock
                """.formatted(server.getPort()));
        env = Map.of("KUBECONFIG", kubeconfig.toString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
    }

    private static GenericKubernetesResource workflow(String ns, String name) {
        return client.genericKubernetesResources(ClusterSubmitter.WORKFLOWS).inNamespace(ns).withName(name).get();
    }

    @Test
    @SuppressWarnings("unchecked")
    void createsAWorkflowFromTheTemplateWithTheProfileAndParameters() {
        FsbRun run = FsbRun.run(env, "submit", "--cluster", "--profile", "paper", "--sweep-id", "paper-test-1",
                "-p", "omniglot-source=https://example.org/omniglot.zip", "-p", "image-tag=0.2.0");

        assertEquals(0, run.exit(), run::toString);
        assertEquals("paper-test-1\n", run.out());
        GenericKubernetesResource wf = workflow("fewshot", "paper-test-1");
        assertNotNull(wf, "the Workflow exists in namespace fewshot");
        assertEquals("argoproj.io/v1alpha1", wf.getApiVersion());
        assertEquals("Workflow", wf.getKind());
        Map<String, Object> spec = (Map<String, Object>) wf.getAdditionalProperties().get("spec");
        assertEquals(Map.of("name", "fewshot-sweep"), spec.get("workflowTemplateRef"));
        assertEquals(List.of(Map.of("name", "profile", "value", "paper"),
                Map.of("name", "omniglot-source", "value", "https://example.org/omniglot.zip"),
                Map.of("name", "image-tag", "value", "0.2.0")),
                ((Map<String, Object>) spec.get("arguments")).get("parameters"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsAndConfigsBecomeTheTemplatesParameters() {
        FsbRun run = FsbRun.run(env, "submit", "--cluster", "--profile", "smoke", "--sweep-id", "narrow-1",
                "--rows", "protonet,maml", "--configs", "5w1s", "-p", "omniglot-source=https://example.org/o.zip");

        assertEquals(0, run.exit(), run::toString);
        Map<String, Object> spec = (Map<String, Object>) workflow("fewshot", "narrow-1").getAdditionalProperties()
                .get("spec");
        assertEquals(List.of(Map.of("name", "profile", "value", "smoke"), Map.of("name", "rows", "value", "protonet,maml"),
                Map.of("name", "configs", "value", "5w1s"),
                Map.of("name", "omniglot-source", "value", "https://example.org/o.zip")),
                ((Map<String, Object>) spec.get("arguments")).get("parameters"));
    }

    @Test
    void newSweepGetsAFreshNameThatIsPrinted() {
        FsbRun run = FsbRun.run(env, "submit", "--cluster", "--profile", "smoke", "-p", "omniglot-source=/data/o.zip");

        assertEquals(0, run.exit(), run::toString);
        String name = run.out().strip();
        assertTrue(name.matches("smoke-\\d{8}-\\d{6}-[0-9a-f]{4}"), name);
        assertNotNull(workflow("fewshot", name));
    }

    @Test
    void missingRequiredParameterIsNamedBeforeAnythingIsCreated() {
        FsbRun run = FsbRun.run(env, "submit", "--cluster", "--profile", "smoke", "--sweep-id", "no-source");

        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().contains("parameter 'omniglot-source' is required: add -p omniglot-source=..."),
                run::toString);
        assertEquals(null, workflow("fewshot", "no-source"));
    }

    @Test
    void unknownParameterIsRefusedWithTheTemplatesParameters() {
        FsbRun run = FsbRun.run(env, "submit", "--cluster", "--profile", "smoke", "-p", "omniglot-source=x",
                "-p", "gpus=8");

        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().contains("'gpus' is not a parameter of WorkflowTemplate fewshot-sweep (it has: profile,"
                + " omniglot-source"), run::toString);
    }

    @Test
    void missingTemplateSaysHowToInstallIt() {
        FsbRun run = FsbRun.run(env, "submit", "--cluster", "--profile", "smoke", "-n", "elsewhere",
                "-p", "omniglot-source=x");

        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().contains("WorkflowTemplate fewshot-sweep is not installed in namespace elsewhere"),
                run::toString);
        assertTrue(run.err().contains("kubectl -n elsewhere apply -f argo/"), run::toString);
    }

    @Test
    void sweepThatAlreadyExistsFailsWithTheApiServersAnswer() {
        String[] args = {"submit", "--cluster", "--profile", "smoke", "--sweep-id", "twice", "-p", "omniglot-source=x"};
        assertEquals(0, FsbRun.run(env, args).exit());

        FsbRun again = FsbRun.run(env, args);

        assertEquals(1, again.exit(), again::toString);
        assertEquals("", again.out());
        assertTrue(again.err().contains("refused to create Workflow fewshot/twice: HTTP 409"), again::toString);
    }

    @Test
    void forbiddenNamespaceFailsWithTheApiServersReason() {
        FsbRun run = FsbRun.run(env, "submit", "--cluster", "--profile", "smoke", "-n", "locked",
                "-p", "omniglot-source=x");

        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().contains("refused to create Workflow locked/"), run::toString);
        assertTrue(run.err().contains("HTTP 403: workflows.argoproj.io is forbidden"), run::toString);
    }

    @Test
    void unreadableKubeconfigIsNamed() {
        FsbRun run = FsbRun.run(Map.of("KUBECONFIG", "/nonexistent/kubeconfig"), "submit", "--cluster",
                "--profile", "smoke", "-p", "omniglot-source=x");

        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.err().contains("KUBECONFIG names /nonexistent/kubeconfig, which cannot be read"), run::toString);
    }
}
