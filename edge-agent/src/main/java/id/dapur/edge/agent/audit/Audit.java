package id.dapur.edge.agent.audit;

import id.dapur.edge.agent.storage.WriteBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * How another feature audits a change: an entry appended inside the change's own unit of work, so the
 * change and its audit entry are stored together or not at all. The hash chain and its table stay
 * the audit feature's ({@link H2AuditTrail}).
 */
public final class Audit {
    private Audit() {}

    /** Appends an entry inside the caller's transaction (a writer task); published to the cloud with its commit. */
    public static void append(
            Connection c,
            WriteBatch batch,
            Instant at,
            String actor,
            String action,
            String subject,
            Map<String, ?> details)
            throws SQLException {
        H2AuditTrail.append(c, batch, at, actor, action, subject, details);
    }
}
