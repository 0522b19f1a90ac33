package io.fewshot.registry.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The one active datasource: PostgreSQL (the default datasource) on Kubernetes, {@code h2} (a file)
 * locally. Both are built in; {@link io.fewshot.registry.config.DatabaseChoice} activates one.
 */
@Singleton
public class Database {
    private static final String POSTGRESQL = DataSourceUtil.DEFAULT_DATASOURCE_NAME;
    private static final String H2 = "h2";

    private final AgroalDataSource dataSource;
    private final String name;

    public Database() {
        Optional<AgroalDataSource> postgresql = AgroalDataSourceUtil.dataSourceIfActive(POSTGRESQL);
        Optional<AgroalDataSource> h2 = AgroalDataSourceUtil.dataSourceIfActive(H2);
        if (postgresql.isPresent() == h2.isPresent()) {
            throw new IllegalStateException("exactly one database must be active, but "
                    + (h2.isPresent() ? "both PostgreSQL and H2 are" : "neither PostgreSQL nor H2 is")
                    + "; give QUARKUS_DATASOURCE_JDBC_URL for PostgreSQL, or nothing for H2 in a file");
        }
        this.name = postgresql.isPresent() ? "postgresql" : H2;
        this.dataSource = postgresql.orElseGet(h2::orElseThrow);
    }

    /** {@code postgresql} or {@code h2}. */
    public String name() {
        return name;
    }

    public <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Runs {@code work} in one transaction: all of its writes land, or none. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
