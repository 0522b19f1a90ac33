package io.fewshot.registry.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The registry on a real PostgreSQL (the Kubernetes database) instead of H2. */
public class PostgresProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    /** Starts the server before the application reads its configuration, stops it after. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private PostgresServer server;

        @Override
        public Map<String, String> start() {
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
