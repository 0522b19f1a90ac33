package io.fewshot.registry.db;

import java.sql.SQLException;

/** The database failed (not the caller's input): a reason to retry, never to blame the message. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(SQLException cause) {
        super("database: " + cause.getMessage(), cause);
    }
}
