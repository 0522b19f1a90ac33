package io.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WriteTokenTest {
    private final WriteToken guard = new WriteToken(Optional.of("s3cret"), "ingest", "ingest.write-token");

    @Test
    void theConfiguredBearerTokenGrantsTheWrite() {
        assertTrue(guard.check("Bearer s3cret").isEmpty());
    }

    @Test
    void aMissingOrOtherSchemeIs401AndSaysWhatToSend() {
        WriteToken.Refusal r = guard.check(null).orElseThrow();
        assertEquals(401, r.status());
        assertTrue(r.detail().contains("Authorization: Bearer"), r.detail());
        assertEquals(401, guard.check("Basic czNjcmV0").orElseThrow().status());
    }

    @Test
    void aWrongTokenIs401() {
        assertEquals(401, guard.check("Bearer s3cre").orElseThrow().status());
        assertEquals(401, guard.check("Bearer ").orElseThrow().status());
    }

    @Test
    void withoutAConfiguredTokenEveryWriteIs403NamingTheSetting() {
        for (Optional<String> none : java.util.List.of(Optional.<String>empty(), Optional.of("  "))) {
            WriteToken.Refusal r = new WriteToken(none, "ingest", "ingest.write-token (INGEST_WRITE_TOKEN)")
                    .check("Bearer ").orElseThrow();
            assertEquals(403, r.status());
            assertTrue(r.detail().contains("INGEST_WRITE_TOKEN"), r.detail());
        }
    }
}
