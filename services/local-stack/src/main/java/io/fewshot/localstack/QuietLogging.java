package io.fewshot.localstack;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the broker's and S3Proxy's loggers down to WARN where the logging backend is
 * java.util.logging based (JBoss LogManager in Quarkus tests, slf4j-jdk14). The broker logs
 * hundreds of INFO lines per start. A logback backend is configured by file instead: see
 * {@code logback-test.xml} and {@link LocalStackMain}.
 */
public final class QuietLogging {

    private static final List<String> CATEGORIES = List.of(
            "kafka", "org.apache.kafka", "state.change.logger", "org.gaul", "org.jclouds", "jclouds");

    // java.util.logging keeps loggers weakly: hold them, or the level is lost at the next GC.
    private static final List<Logger> HELD = CATEGORIES.stream().map(Logger::getLogger).toList();

    private QuietLogging() {
    }

    public static void apply() {
        HELD.forEach(logger -> logger.setLevel(Level.WARNING));
    }
}
