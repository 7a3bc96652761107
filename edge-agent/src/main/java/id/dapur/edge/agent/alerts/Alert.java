package id.dapur.edge.agent.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Something a person must see (the contract's Alert): raised once and cleared once per kind and
 * subject, republished with the same id when escalated, acknowledged or cleared. Absent fields are
 * left out of its JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        String alertId,
        String kind,
        String severity,
        String subject,
        String message,
        Instant raisedAt,
        Instant escalatedAt,
        Instant acknowledgedAt,
        String acknowledgedBy,
        String acknowledgedVia,
        String correctiveAction,
        Instant clearedAt) {

    public static Alert raised(
            String alertId, String kind, String severity, String subject, String message, Instant at) {
        return new Alert(alertId, kind, severity, subject, message, at, null, null, null, null, null, null);
    }

    public boolean open() {
        return clearedAt == null;
    }

    Alert escalated(Instant at) {
        return new Alert(
                alertId,
                kind,
                "CRITICAL",
                subject,
                message,
                raisedAt,
                at,
                acknowledgedAt,
                acknowledgedBy,
                acknowledgedVia,
                correctiveAction,
                clearedAt);
    }

    Alert acknowledged(Instant at, String by, String via, String action) {
        return new Alert(
                alertId, kind, severity, subject, message, raisedAt, escalatedAt, at, by, via, action, clearedAt);
    }

    Alert cleared(Instant at) {
        return new Alert(
                alertId,
                kind,
                severity,
                subject,
                message,
                raisedAt,
                escalatedAt,
                acknowledgedAt,
                acknowledgedBy,
                acknowledgedVia,
                correctiveAction,
                at);
    }
}
