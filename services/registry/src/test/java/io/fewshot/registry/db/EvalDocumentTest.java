package io.fewshot.registry.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading the evaluator's eval.json as the engine writes it. */
class EvalDocumentTest {
    static String doc(String bins) {
        return "{\"runId\":\"r\",\"result\":{\"accuracy\":0.9,\"calibration\":{\"bins\":2,\"reliability\":[" + bins
                + "]}},\"provenance\":{\"codeVersion\":\"0.1.0 (abc)\",\"seed\":7}}";
    }

    @Test
    void emptyBinsWrittenAsNaNHaveNoConfidenceOrAccuracy() {
        EvalDocument d = EvalDocument.parse(doc("{\"lower\":0,\"upper\":0.5,\"count\":0,\"confidence\":\"NaN\","
                + "\"accuracy\":NaN},{\"lower\":0.5,\"upper\":1,\"count\":40,\"confidence\":0.8,\"accuracy\":0.75}"));
        assertEquals(2, d.bins().size());
        assertNull(d.bins().get(0).confidence());
        assertNull(d.bins().get(0).accuracy());
        assertEquals(0.75, d.bins().get(1).accuracy());
        assertTrue(d.provenanceJson().contains("\"seed\":7"), d.provenanceJson());
    }

    @Test
    void aBadBinIsRefusedNamingItsField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvalDocument.parse(doc(
                "{\"lower\":0.5,\"upper\":1,\"count\":3,\"confidence\":1.7,\"accuracy\":0.5}")));
        assertEquals("eval.json result.calibration.reliability[0].confidence: must be a fraction in [0, 1], was 1.7",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EvalDocument.parse("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> EvalDocument.parse("{\"result\":{\"calibration\":"
                + "{\"reliability\":{}}}}"));
    }

    @Test
    void aDocumentWithoutBinsOrProvenanceStillReads() {
        EvalDocument d = EvalDocument.parse("{\"result\":{\"accuracy\":0.5}}");
        assertTrue(d.bins().isEmpty());
        assertNull(d.provenanceJson());
    }
}
