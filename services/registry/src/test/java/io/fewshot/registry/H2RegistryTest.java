package io.fewshot.registry;

import io.fewshot.registry.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The event scenarios against H2 in a file: the local mode's database. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class H2RegistryTest extends RegistryScenarios {
    @Override
    String expectedDatabase() {
        return "h2";
    }
}
