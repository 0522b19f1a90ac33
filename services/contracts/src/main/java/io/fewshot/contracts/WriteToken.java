package io.fewshot.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The one scheme every service's write endpoints use: {@code Authorization: Bearer <token>}, where
 * the token is the service's configured write token. Read endpoints stay open. With no token
 * configured every write is refused (403), so a service started without one cannot be written to;
 * a missing or wrong token is 401. The comparison takes constant time.
 */
public final class WriteToken {
    /** Why a write was refused, as an HTTP status, a title and a detail that says what to do. */
    public record Refusal(int status, String title, String detail) {
    }

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;
    private final String service;
    private final String setting;

    /**
     * @param configured the token, if any (blank counts as none)
     * @param service    who asks, for the messages ("the registry")
     * @param setting    where the token is configured ("registry.write-token (REGISTRY_WRITE_TOKEN)")
     */
    public WriteToken(Optional<String> configured, String service, String setting) {
        this.token = configured.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.service = service;
        this.setting = setting;
    }

    /** Empty when {@code authorization} (the header's value, or null) grants the write. */
    public Optional<Refusal> check(String authorization) {
        if (token.isEmpty()) {
            return Optional.of(new Refusal(403, "Forbidden", "writes are disabled: " + service + " has no "
                    + setting + " configured"));
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.of(new Refusal(401, "Unauthorized", "this endpoint needs the header"
                    + " 'Authorization: Bearer <token>' with " + service + "'s write token (" + setting + ")"));
        }
        byte[] given = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) {
            return Optional.of(new Refusal(401, "Unauthorized", "the bearer token is not " + service
                    + "'s write token (" + setting + ")"));
        }
        return Optional.empty();
    }
}
