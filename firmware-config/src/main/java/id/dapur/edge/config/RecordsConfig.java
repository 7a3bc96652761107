package id.dapur.edge.config;

import java.time.Duration;

/**
 * How long the kitchen's records are kept, under {@code records}: the audit trail
 * ({@code auditKeep}, default 400 days; never shed for disk), the ticket-time history the analytics
 * read ({@code historyKeep}, default 400 days, at most {@code historyMaxTickets} tickets, the oldest
 * going first), and waste entries ({@code wasteKeep}, default 400 days).
 */
public record RecordsConfig(Duration auditKeep, Duration historyKeep, int historyMaxTickets, Duration wasteKeep) {
    public static final RecordsConfig DEFAULTS =
            new RecordsConfig(Duration.ofDays(400), Duration.ofDays(400), 1_000_000, Duration.ofDays(400));

    static RecordsConfig read(ConfigNode n) {
        Duration audit = n.duration("auditKeep", DEFAULTS.auditKeep(), Duration.ofDays(30), Duration.ofDays(3650));
        Duration history = n.duration("historyKeep", DEFAULTS.historyKeep(), Duration.ofDays(7), Duration.ofDays(3650));
        int max = n.integer("historyMaxTickets", DEFAULTS.historyMaxTickets(), 10_000, 10_000_000);
        Duration waste = n.duration("wasteKeep", DEFAULTS.wasteKeep(), Duration.ofDays(30), Duration.ofDays(3650));
        return new RecordsConfig(audit, history, max, waste);
    }
}
