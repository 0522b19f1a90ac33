package io.fewshot.contracts.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.Samples;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    static Stream<EventData> payloads() {
        return SampleEvents.allPayloads().stream();
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void everyEventRoundTripsUnchanged(EventData data) {
        CloudEvent<?> event = SampleEvents.event(data);
        byte[] wire = EventCodec.encode(event);
        CloudEvent<?> back = EventCodec.decode(wire, data.getClass());
        assertEquals(event, back);
        assertEquals(event, EventCodec.decodeAny(wire));
        assertEquals(EventCodec.encodeToString(event), EventCodec.encodeToString(back));
    }

    @Test
    void theEightSamplesCoverTheEightKinds() {
        assertEquals(List.of(EventKind.values()),
                payloads().map(d -> EventKind.of(d.getClass())).toList());
    }

    @Test
    void theWireFormIsStructuredCloudEventsJson() throws Exception {
        JsonNode json = PLAIN.readTree(EventCodec.encode(SampleEvents.completed()));
        assertEquals("1.0", json.get("specversion").asText());
        assertEquals("io.fewshot.training.completed.v1", json.get("type").asText());
        assertEquals("/fewshot/trainer", json.get("source").asText());
        assertEquals("application/json", json.get("datacontenttype").asText());
        assertEquals("2026-11-27T21:37:49.123456Z", json.get("time").asText());
        assertEquals(json.get("data").get("runId").asText(), json.get("subject").asText());
        assertEquals(5, json.get("data").get("spec").get("way").asInt());
    }

    @Test
    void ofFillsIdTimeTypeAndSubject() {
        TrainingProgress p = SampleEvents.progress().data();
        CloudEvent<TrainingProgress> a = CloudEvent.of(Sources.TRAINER, p);
        CloudEvent<TrainingProgress> b = CloudEvent.of(Sources.TRAINER, p);
        assertNotEquals(a.id(), b.id());
        assertEquals(p.runId(), a.subject());
        assertEquals(EventKind.TRAINING_PROGRESS.type(), a.type());
        assertEquals("fsl.training.progress.v1", a.topic());
    }

    @Test
    void unknownFieldsAreToleratedAtEveryLevel() {
        String json = edit(SampleEvents.completed(), root -> {
            root.put("traceparent", "00-abc-def-01");
            ((ObjectNode) root.get("data")).put("gpu", "H100");
            ((ObjectNode) root.get("data").get("spec")).putObject("future").put("x", 1);
            ((ObjectNode) root.get("data").get("spec").get("budget")).put("epochs", 3);
        });
        assertEquals(SampleEvents.completed(), EventCodec.decode(json, TrainingCompleted.class));
    }

    @Test
    void anAbsentDataContentTypeMeansJson() {
        String json = edit(SampleEvents.completed(), root -> root.remove("datacontenttype"));
        assertEquals(CloudEvent.JSON, EventCodec.decode(json, TrainingCompleted.class).datacontenttype());
    }

    @Test
    void aMissingNestedRequiredFieldIsNamedWithItsPath() {
        String json = edit(SampleEvents.completed(), root -> ((ObjectNode) root.get("data").get("spec")).remove("way"));
        assertMessage("data.spec.way: missing", json, TrainingCompleted.class);
    }

    @Test
    void aMissingPrimitiveIsNotReadAsZero() {
        String json = edit(SampleEvents.progress(), root -> ((ObjectNode) root.get("data")).remove("step"));
        assertMessage("data.step: missing", json, TrainingProgress.class);
    }

    @Test
    void aNullRequiredFieldIsRefused() {
        String json = edit(SampleEvents.progress(), root -> ((ObjectNode) root.get("data")).putNull("loss"));
        assertMessage("data.loss: must not be null", json, TrainingProgress.class);
    }

    @Test
    void aMissingEnvelopeFieldIsNamed() {
        for (String field : List.of("id", "source", "type", "specversion", "time", "subject", "data")) {
            String json = edit(SampleEvents.progress(), root -> root.remove(field));
            assertMessage(field + ": missing", json, TrainingProgress.class);
        }
    }

    @Test
    void aPayloadThatIsNotAnObjectIsNamed() {
        String json = edit(SampleEvents.progress(), root -> root.put("data", "x"));
        assertMessage("data: expected an object, was string \"x\"", json, TrainingProgress.class);
    }

    @Test
    void anOptionalFieldMayBeAbsent() {
        String json = edit(SampleEvents.progress(), root -> ((ObjectNode) root.get("data")).remove("validationAccuracy"));
        assertEquals(SampleEvents.progress(), EventCodec.decode(json, TrainingProgress.class));
    }

    @Test
    void anIllTypedFieldIsNamedWithWhatWasExpected() {
        String json = edit(SampleEvents.progress(), root -> ((ObjectNode) root.get("data")).put("step", "40"));
        assertMessage("data.step: expected an integer, was string \"40\"", json, TrainingProgress.class);
    }

    @Test
    void aFractionalIntegerIsRefused() {
        String json = edit(SampleEvents.progress(), root -> ((ObjectNode) root.get("data")).put("step", 40.5));
        assertMessage("data.step: expected an integer, was number 40.5", json, TrainingProgress.class);
    }

    @Test
    void aNumberIsNotReadAsAString() {
        String json = edit(SampleEvents.progress(), root -> ((ObjectNode) root.get("data")).put("sweepId", 12));
        assertMessage("data.sweepId: expected a string, was number 12", json, TrainingProgress.class);
    }

    @Test
    void aStringIsNotReadAsABoolean() {
        String json = edit(SampleEvents.event(TrainingRequested.of(SampleEvents.SWEEP, Samples.spec(), false)),
                root -> ((ObjectNode) root.get("data")).put("force", "yes"));
        assertMessage("data.force: expected true or false, was string \"yes\"", json, TrainingRequested.class);
    }

    @Test
    void anUnknownEnumValueIsNamed() {
        String json = edit(SampleEvents.progress(), root -> ((ObjectNode) root.get("data")).put("phase", "warmup"));
        ContractViolation e = assertThrows(ContractViolation.class, () -> EventCodec.decode(json, TrainingProgress.class));
        assertEquals("data.phase", e.path());
        assertTrue(e.problem().contains("\"train\""), e.getMessage());
    }

    @Test
    void aValueTheRecordRefusesIsNamedWithItsPath() {
        String json = edit(SampleEvents.progress(), root -> ((ObjectNode) root.get("data")).put("accuracy", 1.3));
        assertMessage("data.accuracy: must be a fraction in [0, 1], was 1.3", json, TrainingProgress.class);
        String budget = edit(SampleEvents.completed(),
                root -> ((ObjectNode) root.get("data").get("spec").get("budget")).put("steps", -1));
        assertMessage("data.spec.budget.steps: must be positive, was -1", budget, TrainingCompleted.class);
    }

    @Test
    void aMalformedTimeIsNamed() {
        String json = edit(SampleEvents.progress(), root -> root.put("time", "yesterday"));
        ContractViolation e = assertThrows(ContractViolation.class, () -> EventCodec.decode(json, TrainingProgress.class));
        assertEquals("time", e.path());
        assertTrue(e.problem().contains("RFC 3339"), e.getMessage());
    }

    @Test
    void aTimeWithAnOffsetIsAccepted() {
        String json = edit(SampleEvents.progress(), root -> root.put("time", "2026-11-27T22:37:49.123456+01:00"));
        assertEquals(SampleEvents.progress(), EventCodec.decode(json, TrainingProgress.class));
    }

    @Test
    void anotherSpecVersionIsRefused() {
        String json = edit(SampleEvents.progress(), root -> root.put("specversion", "0.3"));
        assertMessage("specversion: expected 1.0, was 0.3", json, TrainingProgress.class);
    }

    @Test
    void anotherEventsTypeIsRefusedBeforeItsDataIsRead() {
        String json = EventCodec.encodeToString(SampleEvents.progress());
        assertMessage("type: expected io.fewshot.training.completed.v1, was io.fewshot.training.progress.v1",
                json, TrainingCompleted.class);
    }

    @Test
    void aSubjectThatIsNotThePayloadsKeyIsRefused() {
        String json = edit(SampleEvents.progress(), root -> root.put("subject", "some-other-run"));
        ContractViolation e = assertThrows(ContractViolation.class, () -> EventCodec.decode(json, TrainingProgress.class));
        assertEquals("subject", e.path());
    }

    @Test
    void aRunIdThatDoesNotMatchItsSpecIsRefused() {
        String json = edit(SampleEvents.completed(), root -> ((ObjectNode) root.get("data").get("spec")).put("shot", 5));
        ContractViolation e = assertThrows(ContractViolation.class, () -> EventCodec.decode(json, TrainingCompleted.class));
        assertEquals("data.runId", e.path());
    }

    @Test
    void malformedJsonIsReportedWithItsPosition() {
        ContractViolation e = assertThrows(ContractViolation.class,
                () -> EventCodec.decode("{\"id\": ", TrainingProgress.class));
        assertTrue(e.problem().startsWith("malformed JSON at line 1"), e.getMessage());
        assertThrows(ContractViolation.class, () -> EventCodec.decode("[1,2]", TrainingProgress.class));
        assertThrows(ContractViolation.class, () -> EventCodec.decode("", TrainingProgress.class));
    }

    @Test
    void decodeAnyChoosesThePayloadByTypeAndRefusesUnknownTypes() {
        CloudEvent<?> any = EventCodec.decodeAny(EventCodec.encode(SampleEvents.progress()));
        assertSame(TrainingProgress.class, any.data().getClass());
        String json = edit(SampleEvents.progress(), root -> root.put("type", "io.fewshot.training.paused.v1"));
        ContractViolation e = assertThrows(ContractViolation.class, () -> EventCodec.decodeAny(json));
        assertEquals("type", e.path());
    }

    @Test
    void aNullElementInAListIsNamedWithItsIndex() {
        SweepCompleted done = (SweepCompleted) SampleEvents.allPayloads().get(7);
        String json = edit(SampleEvents.event(done), root -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                root.get("data").get("tableKeys")).insertNull(1));
        assertMessage("data.tableKeys[1]: must not be null", json, SweepCompleted.class);
    }

    private static void assertMessage(String expected, String json, Class<? extends EventData> type) {
        ContractViolation e = assertThrows(ContractViolation.class, () -> EventCodec.decode(json, type));
        assertEquals(expected, e.getMessage());
    }

    private static String edit(CloudEvent<?> event, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) PLAIN.readTree(EventCodec.encode(event));
            change.accept(root);
            return PLAIN.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
