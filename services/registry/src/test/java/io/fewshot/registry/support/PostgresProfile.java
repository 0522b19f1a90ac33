package io.fewshot.registry.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The registry on a real PostgreSQL (the Kubernetes database) instead of H2: a server the test
 * starts from the machine's binaries, or, when {@code REGISTRY_TEST_POSTGRES_URL} is set (with
 * {@code REGISTRY_TEST_POSTGRES_USER}, {@code REGISTRY_TEST_POSTGRES_PASSWORD}), one already running.
 */
public class PostgresProfile implements QuarkusTestProfile {
    static final String EXTERNAL_URL = "REGISTRY_TEST_POSTGRES_URL";

    /** For {@code @EnabledIf}: a server is given, or one can be started here. */
    public static boolean available() {
        return System.getenv(EXTERNAL_URL) != null || PostgresServer.available();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    /** Starts the server before the application reads its configuration, stops it after. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private PostgresServer server;

        @Override
        public Map<String, String> start() {
            String external = System.getenv(EXTERNAL_URL);
            if (external != null) {
                return Map.of(
                        "quarkus.datasource.jdbc.url", external,
                        "quarkus.datasource.username", System.getenv().getOrDefault("REGISTRY_TEST_POSTGRES_USER",
                                PostgresServer.USER),
                        "quarkus.datasource.password", System.getenv().getOrDefault("REGISTRY_TEST_POSTGRES_PASSWORD",
                                ""));
            }
            try {
                server = PostgresServer.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start PostgreSQL for the tests: " + e.getMessage(), e);
            }
            // As on Kubernetes: only the URL and credentials; that a URL is given selects PostgreSQL.
            return Map.of(
                    "quarkus.datasource.jdbc.url", server.jdbcUrl(),
                    "quarkus.datasource.username", PostgresServer.USER,
                    "quarkus.datasource.password", "");
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }
}
