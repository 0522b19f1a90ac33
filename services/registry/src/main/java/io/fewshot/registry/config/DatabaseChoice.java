package io.fewshot.registry.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * One rule picks the database: PostgreSQL when its URL is given ({@code QUARKUS_DATASOURCE_JDBC_URL},
 * as the Kubernetes deployment does), otherwise H2 in a file (local mode). Both datasources are built
 * in; this decides whether the {@code h2} one is active, unless configuration says so explicitly.
 * (The PostgreSQL one is inactive by itself without a URL.)
 */
@Priority(Priorities.APPLICATION)
public class DatabaseChoice implements ConfigSourceInterceptor {
    static final String POSTGRESQL_URL = "quarkus.datasource.jdbc.url";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !isH2Active(name)) {
            return value;
        }
        ConfigValue url = context.proceed(POSTGRESQL_URL);
        boolean postgresql = url != null && url.getValue() != null && !url.getValue().isBlank();
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(!postgresql))
                .withConfigSourceName(DatabaseChoice.class.getSimpleName()).build();
    }

    private static boolean isH2Active(String name) {
        return name.equals("quarkus.datasource.\"h2\".active") || name.equals("quarkus.datasource.h2.active");
    }
}
