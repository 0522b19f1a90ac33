package io.fewshot.registry.api;

import io.fewshot.registry.config.RegistryConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Write endpoints need {@code Authorization: Bearer <registry.write-token>}; read endpoints are open.
 * With no token configured every write is refused.
 */
@Singleton
public class WriteGuard {
    private final Optional<byte[]> token;

    @Inject
    public WriteGuard(RegistryConfig config) {
        this.token = config.writeToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public void check(String authorization) {
        if (token.isEmpty()) {
            throw new ApiException(403, "Forbidden", "writes are disabled: the registry has no registry.write-token"
                    + " (REGISTRY_WRITE_TOKEN) configured");
        }
        String prefix = "Bearer ";
        if (authorization == null || !authorization.startsWith(prefix)) {
            throw new ApiException(401, "Unauthorized", "this endpoint needs the header 'Authorization: Bearer"
                    + " <token>' with the registry's write token");
        }
        byte[] given = authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) {
            throw new ApiException(401, "Unauthorized", "the bearer token is not the registry's write token");
        }
    }
}
