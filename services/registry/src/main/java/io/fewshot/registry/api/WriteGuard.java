package io.fewshot.registry.api;

import io.fewshot.contracts.WriteToken;
import io.fewshot.registry.config.RegistryConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Write endpoints need {@code Authorization: Bearer <registry.write-token>}; read endpoints are open.
 * With no token configured every write is refused. The scheme is {@link WriteToken}, shared by every service.
 */
@Singleton
public class WriteGuard {
    private final WriteToken token;

    @Inject
    public WriteGuard(RegistryConfig config) {
        this.token = new WriteToken(config.writeToken(), "the registry", "registry.write-token (REGISTRY_WRITE_TOKEN)");
    }

    public void check(String authorization) {
        token.check(authorization).ifPresent(r -> {
            throw new ApiException(r.status(), r.title(), r.detail());
        });
    }
}
