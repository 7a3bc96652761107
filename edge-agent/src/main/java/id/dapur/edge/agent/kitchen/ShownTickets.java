package id.dapur.edge.agent.kitchen;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Display receipts, the screens' half: a screen says which tickets it has rendered,
 * and the first time any screen of the ticket's station does, the ticket gets {@code shownAt},
 * stored and published like any change. Reports about other stations' tickets, unknown tickets or
 * tickets shown before change nothing. A ticket that had already gone to paper unseen publishes
 * {@link ShownLate} with the commit, so its alert can clear.
 */
public final class ShownTickets {
    public static final int MAX_IDS = 200;
    static final ErrorCode CODE = ErrorCode.INVALID_SHOWN;

    /** A ticket sent to paper because no screen showed it in time was shown after all. */
    public record ShownLate(String ticketId) {}

    private final Vertx vertx;
    private final GroupCommitWriter writer;
    private final Topics topics;
    private final Clock clock;

    public ShownTickets(Vertx vertx, GroupCommitWriter writer, Topics topics, Clock clock) {
        this.vertx = vertx;
        this.writer = writer;
        this.topics = topics;
        this.clock = clock;
    }

    /** {@code {"type"?: "shown", "ticketIds": [...]}}: the ticket ids, at most {@value #MAX_IDS}, or a Problem. */
    public static List<String> parse(JsonNode msg) {
        JsonNode ids = msg.get("ticketIds");
        if (ids == null || !ids.isArray() || ids.size() > MAX_IDS) {
            throw Payloads.invalid(CODE, "ticketIds", "must be a list of at most " + MAX_IDS + " ticket ids")
                    .asFailure();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode v = ids.get(i);
            if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > 100) {
                throw Payloads.invalid(CODE, "ticketIds[" + i + "]", "must be a ticket id of 1-100 characters")
                        .asFailure();
            }
            out.add(v.asText());
        }
        return List.copyOf(out);
    }

    /** Records that a screen of {@code station} rendered these tickets; completes with how many were shown for the first time. */
    public Future<Integer> shown(String station, List<String> ticketIds) {
        if (ticketIds.isEmpty()) {
            return Future.succeededFuture(0);
        }
        if (ticketIds.size() > MAX_IDS) {
            return Future.failedFuture(Problem.of(CODE, "at most " + MAX_IDS + " ticket ids per report")
                    .asFailure());
        }
        return writer.submit(vertx.getOrCreateContext(), true, (c, batch) -> {
            Instant now = clock.instant();
            List<Ticket> changed = new ArrayList<>();
            for (Ticket t : H2TicketRows.notShownYet(c, station, ticketIds)) {
                changed.add(t.shown(now));
            }
            H2TicketRows.save(c, batch, changed, false, t -> topics.tickets(t.station()), now);
            for (Ticket t : changed) {
                if (t.unseenAt() != null) {
                    batch.publish(new ShownLate(t.ticketId()));
                }
            }
            return changed.size();
        });
    }
}
