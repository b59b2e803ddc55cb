package dev.breachnotify.ack.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Sends consecutive writes of the same statement to PostgreSQL as one JDBC batch, that is in one round trip instead
 * of one each; a write of another statement first sends what is pending, so the writes reach the database in the
 * order they were made. Use: {@link #next} for the statement, set its parameters, {@link #add}; {@link #close()}
 * sends the rest.
 */
final class StatementBatches implements AutoCloseable {

    private final Connection connection;
    private String sql;
    private PreparedStatement statement;
    private int pending;

    StatementBatches(Connection connection) {
        this.connection = connection;
    }

    /** The statement to set the parameters of the next write on. */
    PreparedStatement next(String sql) throws SQLException {
        if (!sql.equals(this.sql)) {
            closeStatement();
            this.statement = connection.prepareStatement(sql);
            this.sql = sql;
        }
        return statement;
    }

    /** Adds the write whose parameters were just set. */
    void add() throws SQLException {
        statement.addBatch();
        pending++;
    }

    private void closeStatement() throws SQLException {
        if (statement == null) {
            return;
        }
        try (PreparedStatement sending = statement) {
            if (pending > 0) {
                sending.executeBatch();
            }
        } finally {
            statement = null;
            sql = null;
            pending = 0;
        }
    }

    /** Sends what is pending. */
    @Override
    public void close() throws SQLException {
        closeStatement();
    }
}
