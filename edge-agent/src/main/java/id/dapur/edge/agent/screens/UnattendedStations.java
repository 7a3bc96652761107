package id.dapur.edge.agent.screens;

import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.support.AgentMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A station whose screens have all been gone longer than {@code kitchen.printWhenScreensDownAfter}
 * (or that never had one) still gets its new tickets: on paper, through the {@link FallbackPrinter}.
 */
public final class UnattendedStations {
    private static final Logger LOG = LoggerFactory.getLogger(UnattendedStations.class);
    private final ScreenFeed feed;
    private final Duration after;
    private final Clock clock;
    private final FallbackPrinter printer;
    private final AgentMetrics metrics;
    private final Set<String> warned = new HashSet<>();

    /** Until printers are configured: says in the log which ticket would have been printed. */
    public static final FallbackPrinter NO_PRINTER = (t, reason) ->
            LOG.debug("ticket needs paper but no printer is set up for it [ticket: {}, reason: {}]", t.ticketId(), reason);

    public UnattendedStations(ScreenFeed feed, Duration after, Clock clock, FallbackPrinter printer, AgentMetrics metrics) {
        this.feed = feed;
        this.after = after;
        this.clock = clock;
        this.printer = printer;
        this.metrics = metrics;
    }

    /** New tickets, just committed. */
    public void accepted(List<Ticket> tickets) {
        Instant now = clock.instant();
        for (Ticket t : tickets) {
            Instant since = feed.unwatchedSince(t.station());
            if (since == null) {
                warned.remove(t.station());
                continue;
            }
            if (Duration.between(since, now).compareTo(after) < 0) {
                continue;
            }
            if (warned.add(t.station())) {
                LOG.warn("station has no screen; its new tickets go to paper [station: {}, since: {}]", t.station(), since);
            }
            metrics.counter("dapur.kds.unattended.tickets", "station", t.station()).increment();
            printer.print(t, "no screen at station " + t.station() + " since " + since);
        }
    }
}
