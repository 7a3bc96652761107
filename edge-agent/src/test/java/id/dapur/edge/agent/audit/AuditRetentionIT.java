package id.dapur.edge.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit retention (records.auditKeep) on a real H2 file: old entries go, never the head; the chain
 * verifies from the anchor left by the last one deleted and goes on; an edit after it is still found.
 */
class AuditRetentionIT {
    @TempDir
    Path dir;

    @Test
    void oldEntriesGoTheChainVerifiesFromTheAnchorAndGoesOn() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.open(dir, false)) {
            GroupCommitWriter writer = new GroupCommitWriter(db);
            Instant t0 = Instant.parse("2025-01-01T08:00:00Z");
            for (int i = 0; i < 6; i++) {
                Instant at = t0.plusSeconds(86_400L * 100 * i); // every 100 days
                int n = i;
                writer.submit(
                                vertx.getOrCreateContext(),
                                true,
                                (c, b) ->
                                        H2AuditTrail.append(c, b, at, "test", "TICKET_BUMP", "T-" + n, Map.of("n", n)))
                        .await(10, TimeUnit.SECONDS);
            }
            String head;
            try (Connection c = db.connection()) {
                head = (String) H2AuditTrail.verify(c).get("head");
            }
            // keep 400 days before the last entry (day 500): entries of day 0 and day 0+... before day 100 go
            Instant before = t0.plusSeconds(86_400L * 100);
            assertThat(writer.submit(vertx.getOrCreateContext(), false, (c, b) -> H2AuditTrail.purge(c, before))
                            .await(10, TimeUnit.SECONDS))
                    .isEqualTo(1);
            assertThat(writer.submit(
                                    vertx.getOrCreateContext(),
                                    false,
                                    (c, b) -> H2AuditTrail.purge(c, t0.plusSeconds(86_400L * 10_000)))
                            .await(10, TimeUnit.SECONDS))
                    .as("never the head")
                    .isEqualTo(4);
            try (Connection c = db.connection()) {
                Map<String, Object> v = H2AuditTrail.verify(c);
                assertThat(v.get("ok")).isEqualTo(true);
                assertThat(v.get("entries")).isEqualTo(1L);
                assertThat(v.get("fromSeq")).isEqualTo(6L);
                assertThat(v.get("head")).isEqualTo(head);
            }
            writer.submit(
                            vertx.getOrCreateContext(),
                            true,
                            (c, b) -> H2AuditTrail.append(c, b, Instant.now(), "test", "TICKET_BUMP", "T-7", Map.of()))
                    .await(10, TimeUnit.SECONDS);
            try (Connection c = id.dapur.edge.agent.storage.Unjournaled.connection(db)) {
                assertThat(H2AuditTrail.verify(c).get("entries"))
                        .as("the chain goes on")
                        .isEqualTo(2L);
                try (PreparedStatement ps = c.prepareStatement("UPDATE audit_log SET subject = 'T-X' WHERE seq = 6")) {
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                Map<String, Object> bad = H2AuditTrail.verify(c);
                assertThat(bad.get("ok")).isEqualTo(false);
                assertThat(bad.get("firstBadSeq")).isEqualTo(6L);
            }
            writer.close();
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
