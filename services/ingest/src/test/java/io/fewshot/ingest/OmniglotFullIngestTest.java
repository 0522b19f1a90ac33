package io.fewshot.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.contracts.Topics;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.DatasetIngested;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.ingest.core.IngestOutcome;
import io.fewshot.ingest.core.IngestRequest;
import io.fewshot.ingest.core.ProgressListener;
import io.fewshot.support.DatasetDownloader;
import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import io.fewshot.dataset.format.DatasetManifest;
import io.fewshot.dataset.format.DatasetReader;
import io.fewshot.dataset.format.FewShotDataset;
import io.fewshot.dataset.format.Rotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The "done when": the full Omniglot from ../shared into the local stack, and back into memory. */
@ExtendWith(LocalStackExtension.class)
class OmniglotFullIngestTest {
    @TempDir
    Path work;

    @Test
    void fullOmniglotIngestsWithVinyalsAndLakeSplitsAnnouncesItAndLoadsBack(LocalStack stack) throws Exception {
        try (TestData.Wired w = TestData.wire(stack, work)) {
            IngestRequest request = new IngestRequest("omniglot", null, TestData.omniglot().toString(),
                    "images_background.zip=" + TestData.BACKGROUND_SHA256 + ",images_evaluation.zip="
                            + TestData.EVALUATION_SHA256, null);
            long t0 = System.nanoTime();
            String[] phase = {""};
            IngestOutcome outcome = w.ingester().ingest(request, (name, f) -> {
                if (!name.equals(phase[0])) {
                    phase[0] = name;
                    System.out.printf("  %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, name);
                }
            });
            System.out.printf("full Omniglot ingest: %.1f s%n", (System.nanoTime() - t0) / 1e9);

            DatasetManifest m = outcome.manifest();
            assertTrue(outcome.created());
            assertEquals(1623, m.classes().size());
            assertEquals(32460, m.totalImages());
            Map<String, List<String>> vinyals = m.splits().get("vinyals");
            assertEquals(4112, vinyals.get("train").size());
            assertEquals(688, vinyals.get("val").size());
            assertEquals(1692, vinyals.get("test").size());
            assertEquals(964, m.splits().get("lake").get("train").size());
            assertEquals(659, m.splits().get("lake").get("test").size());
            assertEquals(List.of(TestData.BACKGROUND_SHA256, TestData.EVALUATION_SHA256),
                    m.sources().stream().map(DatasetManifest.Source::sha256).toList());
            assertEquals(new DatasetManifest.ImageSpec(1, 28, 28, "uint8", "CHW", m.image().resampling()), m.image());
            assertTrue(m.mean()[0] > 0.8 && m.mean()[0] < 0.99, "mostly white paper: mean " + m.mean()[0]);
            assertTrue(w.store().list("datasets/omniglot/.staging/").isEmpty(), "staging is cleaned");

            IngestOutcome again = w.ingester().ingest(request, ProgressListener.NONE);
            assertFalse(again.created(), "the same source again is a no-op");
            assertEquals(m.version(), again.manifest().version());

            CloudEvent<DatasetIngested> event = findEvent(stack, DatasetIngested.datasetId("omniglot", m.version()));
            assertEquals(outcome.manifestKey(), event.data().manifestKey());
            assertEquals(6492, event.data().classes());
            assertEquals(6492 * 20, event.data().images());

            long t1 = System.nanoTime();
            Path folder = new DatasetDownloader(w.store()).download("omniglot", m.version(), work.resolve("cache"));
            FewShotDataset d = DatasetReader.read(folder);
            System.out.printf("load from S3 into a FewShotDataset: %.1f s%n", (System.nanoTime() - t1) / 1e9);
            assertEquals(6492, d.classCount());
            assertEquals(129_840, d.totalImages());
            assertEquals(4112, d.split("train").length);
            assertEquals(688, d.split("val").length);
            assertEquals(1692, d.split("test").length);
            assertEquals(event.data().manifestSha256(), d.sha256());
            int rot0 = d.classNames().indexOf("Angelic/character01/rot000");
            int rot90 = d.classNames().indexOf("Angelic/character01/rot090");
            assertArrayEquals(Rotation.rotateBlock(d.pixels(rot0), 1, 28, 90), d.pixels(rot90));

            FewShotDataset lake = DatasetReader.read(folder, "lake");
            assertEquals(1623, lake.classCount());
            assertEquals(964, lake.split("train").length);
        }
    }

    private static CloudEvent<DatasetIngested> findEvent(LocalStack stack, String key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.DATASET_INGESTED));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        return EventCodec.decode(r.value(), DatasetIngested.class);
                    }
                }
            }
        }
        throw new AssertionError("no " + Topics.DATASET_INGESTED + " event with key " + key);
    }
}
