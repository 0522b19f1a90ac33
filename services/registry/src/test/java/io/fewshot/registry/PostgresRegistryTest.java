package io.fewshot.registry;

import io.fewshot.registry.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The event scenarios against a real PostgreSQL, the Kubernetes database, started from the
 * machine's binaries. Skipped, saying why, only where those binaries are not installed.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIf(value = "io.fewshot.registry.support.PostgresServer#available",
        disabledReason = "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install Debian's"
                + " postgresql package (apt-get install -y postgresql) or set PG_BIN")
class PostgresRegistryTest extends RegistryScenarios {
    @Override
    String expectedDatabase() {
        return "postgresql";
    }
}
