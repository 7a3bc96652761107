package id.dapur.edge.agent.audit;

import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit entries for events that change no stored state of their own (failed logins, lock-outs): each
 * is its own unit of work. Changes with state (a ticket action, an 86) write their entry themselves,
 * with the change ({@link H2AuditTrail#append}). An entry that cannot be stored is logged at ERROR.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private final GroupCommitWriter writer;
    private final Context context;
    private final Clock clock;

    public AuditLog(Vertx vertx, GroupCommitWriter writer, Clock clock) {
        this.writer = writer;
        this.context = vertx.getOrCreateContext();
        this.clock = clock;
    }

    public Future<H2AuditTrail.Entry> record(String actor, String action, String subject, Map<String, ?> details) {
        return writer.submit(
                        context,
                        true,
                        (c, batch) -> H2AuditTrail.append(c, batch, clock.instant(), actor, action, subject, details))
                .onFailure(e -> LOG.error(
                        "audit entry not stored [action: {}, subject: {}, error: {}]", action, subject, e.toString()));
    }

    /** Failed logins and lock-outs of the login limiter. */
    public void watch(LoginLimiter limiter) {
        limiter.onFailure(f -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("listener", f.listener());
            d.put("claimed", f.who() == null ? "" : clip(f.who(), 64));
            d.put("reason", clip(String.valueOf(f.why()), 200));
            record("address:" + f.address(), "LOGIN_FAILED", f.listener(), d);
        });
        limiter.onLockout(l -> record(
                "address:" + l.address(),
                "LOGIN_LOCKOUT",
                l.listener(),
                Map.of("until", l.until().toString())));
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
