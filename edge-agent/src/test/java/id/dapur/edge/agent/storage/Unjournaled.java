package id.dapur.edge.agent.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * For tests and benchmarks that change the database behind the agent's back (tampering with the
 * audit chain, loading months of history): a connection that may write, outside the journal. What it
 * writes is durable only after the database closes (or a checkpoint); never use it in the agent.
 */
public final class Unjournaled {
    private Unjournaled() {}

    public static Connection connection(Database db) throws SQLException {
        return db.writerConnection();
    }
}
