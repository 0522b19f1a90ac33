package io.fewshot.registry.support;

import io.fewshot.contracts.Budget;
import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.RunSpec;
import io.fewshot.contracts.events.CloudEvent;
import io.fewshot.contracts.events.EvaluationCompleted;
import io.fewshot.contracts.events.EventCodec;
import io.fewshot.contracts.events.EventData;
import io.fewshot.contracts.events.Phase;
import io.fewshot.contracts.events.Sources;
import io.fewshot.contracts.events.Stage;
import io.fewshot.contracts.events.StopReason;
import io.fewshot.contracts.events.TrainingCompleted;
import io.fewshot.contracts.events.TrainingFailed;
import io.fewshot.contracts.events.TrainingProgress;
import io.fewshot.contracts.events.TrainingRequested;
import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.contracts.sweep.SweepPlanner;
import io.fewshot.localstack.LocalStack;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the rest of the chain against the real local stack: the CLI (plan.json), the trainer
 * (requested, progress, completed, failed) and the evaluator (eval.json, then its event); and
 * reads what the registry publishes.
 */
public final class Chain implements AutoCloseable {
    public static final int EMPTY_BINS = 3;
    private static final AtomicLong SEEDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private final LocalStack stack;
    private final KafkaProducer<String, byte[]> producer;
    private final MinioClient minio;

    public Chain() {
        this.stack = LocalStackResource.stack();
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.minio = stack.newMinioClient();
    }

    /** A fresh sweep of {@code n} cells of the smoke profile, re-seeded so its run ids are new. */
    public static SweepPlan freshPlan(String prefix, int n, Predicate<Cell> keep) {
        List<Cell> cells = new ArrayList<>();
        for (Cell c : SweepPlanner.plan(Profile.SMOKE).cells()) {
            if (cells.size() < n && keep.test(c)) {
                cells.add(Cell.of(reseed(c.spec(), SEEDS.incrementAndGet())));
            }
        }
        return SweepPlan.of(Profile.SMOKE, cells).withSweepId(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public static RunSpec reseed(RunSpec s, long seed) {
        return new RunSpec(s.dataset(), s.split(), s.method(), s.way(), s.shot(), s.query(), s.innerSteps(),
                s.innerLr(), new Budget(s.budget().steps(), s.budget().wallSeconds()), seed, s.hyperparameters());
    }

    public void writePlan(SweepPlan plan) {
        put(ObjectKeys.sweepPlan(plan.sweepId()), plan.toJson());
    }

    public void requested(String sweepId, RunSpec spec) {
        publish(Sources.PLANNER, TrainingRequested.of(sweepId, spec, false));
    }

    public void progress(String sweepId, RunSpec spec, int step, double loss, double accuracy) {
        publish(Sources.TRAINER, new TrainingProgress(spec.runId(), sweepId, Phase.TRAIN, step,
                spec.budget().steps(), loss, accuracy, 3.0, 1.0, step % 2 == 0 ? accuracy * 0.95 : null));
    }

    public void completed(String sweepId, RunSpec spec) {
        publish(Sources.TRAINER, new TrainingCompleted(spec.runId(), sweepId, spec, spec.budget().steps(),
                StopReason.STEPS, ObjectKeys.finalCheckpointPrefix(spec.runId()), 12.5, 0.9));
    }

    public void failed(String sweepId, RunSpec spec, String reason) {
        publish(Sources.TRAINER, new TrainingFailed(spec.runId(), sweepId, spec, Stage.TRAINING, reason, false, 4));
    }

    /**
     * What the evaluator does: eval.json with 15 reliability bins, then the event. As the engine writes
     * it, the first three bins (confidence under 0.2, impossible with 5 classes) are empty, "NaN".
     */
    public EvaluationCompleted evaluated(String sweepId, RunSpec spec, double accuracy, double ci95, double ece) {
        put(ObjectKeys.evaluation(spec.runId()), evalJson(spec, accuracy, ci95, ece));
        EvaluationCompleted e = new EvaluationCompleted(spec.runId(), sweepId, spec, 20, accuracy, ci95, ece,
                Math.min(1, ece * 3), 0.3, 0.2, 15, ObjectKeys.evaluation(spec.runId()));
        publish(Sources.EVALUATOR, e);
        return e;
    }

    public static String evalJson(RunSpec spec, double accuracy, double ci95, double ece) {
        StringBuilder bins = new StringBuilder();
        for (int b = 0; b < 15; b++) {
            double lo = b / 15.0;
            double hi = (b + 1) / 15.0;
            double conf = (lo + hi) / 2;
            bins.append(b == 0 ? "" : ",").append(b < EMPTY_BINS
                    ? String.format(Locale.ROOT, "{\"lower\":%.6f,\"upper\":%.6f,\"count\":0,"
                            + "\"confidence\":\"NaN\",\"accuracy\":\"NaN\"}", lo, hi)
                    : String.format(Locale.ROOT, "{\"lower\":%.6f,\"upper\":%.6f,\"count\":%d,"
                            + "\"confidence\":%.6f,\"accuracy\":%.6f}", lo, hi, 10 + b * 7, conf, Math.max(0, conf - 0.05)));
        }
        return String.format(Locale.ROOT, "{\"runId\":\"%s\",\"checkpoint\":\"final\",\"trainedSteps\":10,"
                + "\"result\":{\"pool\":\"test\",\"way\":%d,\"shot\":%d,\"episodes\":20,\"accuracy\":%.6f,"
                + "\"ci95\":%.6f,\"calibration\":{\"bins\":15,\"predictions\":1500,\"ece\":%.6f,\"mce\":0.1,"
                + "\"nll\":0.3,\"brier\":0.2,\"reliability\":[%s]}},"
                + "\"provenance\":{\"runId\":\"%s\",\"codeVersion\":\"test\",\"seed\":%d}}",
                spec.runId(), spec.way(), spec.shot(), accuracy, ci95, ece, bins, spec.runId(), spec.seed());
    }

    public void publish(String source, EventData data) {
        CloudEvent<EventData> event = CloudEvent.of(source, data);
        sendRaw(event.topic(), data.key(), EventCodec.encode(event));
    }

    public void sendRaw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Every record on the topic so far. */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    public List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
        return records(topic).stream().filter(r -> key.equals(r.key())).toList();
    }

    public Optional<String> object(String key) {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(stack.bucket()).object(key).build())) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void put(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            minio.putObject(PutObjectArgs.builder().bucket(stack.bucket()).object(key)
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
        } catch (Exception e) {
            throw new IllegalStateException("could not write " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        producer.close(Duration.ofSeconds(5));
        minio.close();
    }
}
