package id.dapur.edge.agent.audit;

import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.Retention;
import id.dapur.edge.agent.support.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;

/**
 * The audit trail: its route, the failed logins and lock-outs it records, and its retention (entries
 * older than {@code records.auditKeep} are deleted every hour, never the chain's head). Every other
 * entry is written by the change it records, in the same unit of work.
 */
public final class AuditService implements Service {
    private final Vertx vertx;
    private final Database db;
    private final long timer;

    public AuditService(
            Vertx vertx, Database db, GroupCommitWriter writer, LoginLimiter limiter, Duration keep, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        new AuditLog(vertx, writer, clock).watch(limiter);
        this.timer = Retention.hourly(
                vertx,
                "audit entries",
                () -> writer.submit(
                        vertx.getOrCreateContext(),
                        false,
                        (c, b) -> H2AuditTrail.purge(c, clock.instant().minus(keep))));
    }

    public void mount(Router r) {
        new AuditApi(vertx, db).mount(r);
    }

    @Override
    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
