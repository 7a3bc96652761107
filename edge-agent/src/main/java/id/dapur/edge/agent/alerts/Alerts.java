package id.dapur.edge.agent.alerts;

import id.dapur.edge.agent.storage.WriteBatch;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What other features may ask of the alerts: raise one, clear it, read what is open. Each raise and
 * clear is its own unit of work through the storage writer, published to {@code alerts} once
 * committed; the store behind it ({@link H2AlertStore}) is the alerts feature's own.
 */
public interface Alerts {
    /** How long an alert, or a record the law needs, waits for room in a full writer queue. */
    Duration PATIENCE = Duration.ofSeconds(30);

    /** Something written in the same transaction as the alert it belongs to (an excursion's link). */
    @FunctionalInterface
    interface Linked {
        void write(Connection c, String alertId) throws SQLException;
    }

    /** Decides, inside the alert's unit of work, whether to raise it: the message, or null to raise nothing. */
    @FunctionalInterface
    interface Decision {
        String message(Connection c, WriteBatch batch) throws SQLException;
    }

    /** Raises an alert unless one of that kind is open for that subject; present when raised now. */
    Future<Optional<Alert>> raise(String kind, String subject, String severity, String message);

    /**
     * Raises an alert and, in the same unit of work, whatever belongs with it ({@code linked} may be
     * null): both are stored or neither.
     */
    Future<Optional<Alert>> raise(String kind, String subject, String severity, String message, Linked linked);

    /** Raises an alert only if {@code decision}, run in the same transaction, gives a message. */
    Future<Optional<Alert>> raiseIf(String kind, String subject, String severity, Decision decision);

    /** Clears the open alert of that kind and subject; present when cleared now. */
    Future<Optional<Alert>> clear(String kind, String subject);

    /** Escalates to CRITICAL every open alert of these kinds nobody acknowledged within {@code after}. */
    Future<List<Alert>> escalateDue(List<String> kinds, Duration after);

    /** Open alerts, oldest first, as last published. */
    Future<List<Alert>> open();

    /** Alerts raised in, or still open at the start of, {@code [from, to)}, oldest first. */
    Future<List<Alert>> during(Instant from, Instant to);

    /** A record that could not be stored: logged at ERROR, counted, and raised as an alert of its own. */
    void notStored(String record, String subject, Throwable cause);
}
