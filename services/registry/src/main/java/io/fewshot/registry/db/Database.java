package io.fewshot.registry.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The one active datasource: {@code postgresql} on Kubernetes, {@code h2} (a file) locally. Both are
 * built in; configuration activates exactly one ({@code quarkus.datasource."<name>".active}).
 */
@Singleton
public class Database {
    static final List<String> KNOWN = List.of("postgresql", "h2");

    private final AgroalDataSource dataSource;
    private final String name;

    public Database() {
        List<String> ours = KNOWN.stream().filter(n -> AgroalDataSourceUtil.dataSourceIfActive(n).isPresent())
                .toList();
        if (ours.size() != 1) {
            throw new IllegalStateException("exactly one of the datasources " + KNOWN + " must be active, but "
                    + (ours.isEmpty() ? "none is" : ours + " are") + "; set quarkus.datasource.\"postgresql\".active"
                    + " and quarkus.datasource.\"h2\".active");
        }
        this.name = ours.get(0);
        this.dataSource = AgroalDataSourceUtil.dataSourceIfActive(name).orElseThrow();
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
