package io.fewshot.rest;

import io.fewshot.contracts.WriteToken;
import java.util.Map;

/**
 * The write endpoints' check, the same in every service: {@link WriteToken}'s scheme, a refusal
 * thrown as an {@link ApiException} (401 with {@code WWW-Authenticate: Bearer realm="<realm>"}, 403
 * when the service has no token). Each service makes one from its configured token.
 */
public final class WriteGuard {
    private final WriteToken token;
    private final String realm;

    /** @param realm the realm a 401 names, e.g. "fewshot-registry" */
    public WriteGuard(WriteToken token, String realm) {
        this.token = token;
        this.realm = realm;
    }

    /** Returns when {@code authorization} (the header's value, or null) grants the write; throws otherwise. */
    public void check(String authorization) {
        token.check(authorization).ifPresent(r -> {
            Map<String, String> headers = r.status() == 401
                    ? Map.of("WWW-Authenticate", "Bearer realm=\"" + realm + "\"") : Map.of();
            throw new ApiException(r.status(), ApiException.slugOf(r.title()), r.title(), r.detail(), headers);
        });
    }
}
