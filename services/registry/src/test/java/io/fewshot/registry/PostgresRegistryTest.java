package io.fewshot.registry;

import io.fewshot.registry.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The event scenarios against a real PostgreSQL, the Kubernetes database: started from the machine's
 * binaries, or the server REGISTRY_TEST_POSTGRES_URL names. Skipped, saying why, only without either.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIf(value = "io.fewshot.registry.support.PostgresProfile#available",
        disabledReason = "no PostgreSQL: neither REGISTRY_TEST_POSTGRES_URL is set nor are the server binaries"
                + " (initdb, pg_ctl, postgres) installed; apt-get install -y postgresql, or set PG_BIN")
class PostgresRegistryTest extends RegistryScenarios {
    @Override
    String expectedDatabase() {
        return "postgresql";
    }
}
