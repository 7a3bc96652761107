package id.dapur.edge.agent.floor;

import id.dapur.edge.agent.alerts.Alert;
import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.kitchen.ShownTickets;
import id.dapur.edge.agent.kitchen.StationRouter;
import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketTable;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.printing.PrintJob;
import id.dapur.edge.agent.printing.UnseenChits;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.StationConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Display receipts, the agent's half: a new ticket that no screen of its station has
 * shown within {@code kitchen.shownWithin} raises {@code TICKET_NOT_SHOWN} once and goes to paper, on
 * the station's printers or the fallback printer; the alert, the print job and the ticket's
 * {@code unseenAt} are one unit of work. The alert clears when the ticket is shown after all or its
 * chit has printed. A ticket whose chit a station printer already printed is marked unseen but raises
 * nothing: the paper is in the kitchen. Expo tickets mirror the stations' and are not watched, nor are
 * tickets a cook has started (a cook acted on them).
 */
public final class DisplayReceipts {
    public static final String KIND = "TICKET_NOT_SHOWN";
    private static final Logger LOG = LoggerFactory.getLogger(DisplayReceipts.class);
    private static final int BATCH = 100;

    private final Vertx vertx;
    private final Database db;
    private final Alerts alerts;
    private final UnseenChits paper;
    private final StationRouter router;
    private final TicketTable tickets;
    private final Topics topics;
    private final DapurConfig config;
    private final Duration within;
    private final Clock clock;
    private final AgentMetrics metrics;
    /** Tickets with a TICKET_NOT_SHOWN alert that may be open: a printed chit clears only these. */
    private final Set<String> alerted = ConcurrentHashMap.newKeySet();

    private boolean checking;
    private long timer = -1;

    public DisplayReceipts(
            Vertx vertx,
            Database db,
            Alerts alerts,
            UnseenChits paper,
            StationRouter router,
            TicketTable tickets,
            Topics topics,
            DapurConfig config,
            Clock clock,
            AgentMetrics metrics) {
        this.vertx = vertx;
        this.db = db;
        this.alerts = alerts;
        this.paper = paper;
        this.router = router;
        this.tickets = tickets;
        this.topics = topics;
        this.config = config;
        this.within = config.kitchen().shownWithin();
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Remembers the open alerts, then checks every second. */
    public Future<Void> start() {
        return alerts.open().map(open -> {
            for (Alert a : open) {
                if (KIND.equals(a.kind())) {
                    alerted.add(a.subject());
                }
            }
            timer = vertx.setPeriodic(1000, t -> check());
            return null;
        });
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Tickets shown after they went to paper: their alerts clear. */
    public void shownLate(List<ShownTickets.ShownLate> shown) {
        for (ShownTickets.ShownLate s : shown) {
            alerted.remove(s.ticketId());
            alerts.clear(KIND, s.ticketId());
        }
    }

    /** A printed job: a chit of an alerted ticket clears its alert (any thread). */
    public void printed(PrintJob job) {
        if (job.kind() == PrintJob.Kind.CHIT && job.ticketId() != null && alerted.remove(job.ticketId())) {
            alerts.clear(KIND, job.ticketId());
        }
    }

    /** One pass: finds the overdue tickets, and handles each in its own unit of work. Never two passes at once. */
    void check() {
        if (checking) {
            return;
        }
        checking = true;
        Instant due = clock.instant().minus(within);
        vertx.executeBlocking(() -> overdue(due), false)
                .compose(ids -> {
                    List<Future<?>> all = new ArrayList<>();
                    for (String id : ids) {
                        all.add(handle(id));
                    }
                    return Future.join(all);
                })
                .onComplete(ar -> {
                    checking = false;
                    if (ar.failed()) {
                        LOG.warn(
                                "display receipts: could not check for tickets no screen showed; will try again [error: {}]",
                                ar.cause().toString());
                    }
                });
    }

    private List<String> overdue(Instant due) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            for (TicketTable.Waiting w : tickets.notShownBefore(c, due, BATCH)) {
                if (!router.isExpo(w.station())) {
                    out.add(w.ticketId());
                }
            }
        }
        return out;
    }

    private Future<?> handle(String ticketId) {
        return alerts.raiseIf(KIND, ticketId, "WARNING", (c, batch) -> {
                    Optional<Ticket> waiting = tickets.stillNotShown(c, ticketId);
                    if (waiting.isEmpty()) {
                        return null; // shown, started or handled since it was found
                    }
                    Ticket t = waiting.get();
                    Instant now = clock.instant();
                    tickets.markUnseen(c, batch, t, now);
                    metrics.counter("dapur.kds.tickets.not_shown", "station", t.station())
                            .increment();
                    String where = paper.print(c, batch, t, now);
                    if (where == null) {
                        return null;
                    }
                    alerted.add(ticketId);
                    return "Ticket " + t.orderId() + " for " + stationName(t.station())
                            + " was not shown on any screen within " + within.toSeconds() + " s; " + where;
                })
                .onSuccess(raised -> raised.ifPresent(
                        a -> LOG.warn("ticket not shown on any screen in time [ticket: {}]", ticketId)));
    }

    /** Tickets that went to paper unseen since {@code since} and no screen has shown yet, oldest first. */
    public Future<List<Ticket>> unseen(Instant since, int limit) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection()) {
                        return tickets.unseenSince(c, since, limit);
                    }
                },
                false);
    }

    private String stationName(String id) {
        return config.station(id).map(StationConfig::name).orElse(id);
    }
}
