package io.fewshot.registry.api;

import io.fewshot.contracts.WriteToken;
import io.fewshot.registry.config.RegistryConfig;
import io.fewshot.rest.WriteGuard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The registry's write endpoints need {@code Authorization: Bearer <registry.write-token>}; read
 * endpoints are open. With no token configured every write is refused. The check is rest-support's.
 */
public class RegistryWriteGuard {
    @Produces
    @Singleton
    WriteGuard writeGuard(RegistryConfig config) {
        return new WriteGuard(new WriteToken(config.writeToken(), "the registry",
                "registry.write-token (REGISTRY_WRITE_TOKEN)"), "fewshot-registry");
    }
}
