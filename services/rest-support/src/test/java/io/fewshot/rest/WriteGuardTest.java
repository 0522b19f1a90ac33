package io.fewshot.rest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fewshot.contracts.WriteToken;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WriteGuardTest {
    private final WriteGuard guard = new WriteGuard(new WriteToken(Optional.of("s3cret"), "ingest",
            "ingest.write-token"), "fewshot-ingest");

    @Test
    void theRightTokenPasses() {
        assertDoesNotThrow(() -> guard.check("Bearer s3cret"));
    }

    @Test
    void aMissingTokenIs401WithTheChallenge() {
        ApiException e = assertThrows(ApiException.class, () -> guard.check(null));
        assertEquals(401, e.status());
        assertEquals("unauthorized", e.slug());
        assertEquals(Map.of("WWW-Authenticate", "Bearer realm=\"fewshot-ingest\""), e.headers());
    }

    @Test
    void aServiceWithoutATokenRefusesEveryWriteWith403() {
        WriteGuard none = new WriteGuard(new WriteToken(Optional.empty(), "ingest", "ingest.write-token"), "x");
        ApiException e = assertThrows(ApiException.class, () -> none.check("Bearer s3cret"));
        assertEquals(403, e.status());
        assertEquals(Map.of(), e.headers());
    }
}
