package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.orders.VoidRequest;
import id.dapur.edge.agent.support.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ticket state machine (CONTRACT §7), pure: given all tickets of one order and an action, the
 * tickets that change, or a refusal that changes nothing. Cooking lines hold the truth; an expo
 * ticket mirrors them, and bumping at expo serves them.
 */
public final class KitchenRules {
    private final Duration recallWindow;
    private final boolean expoExists;

    public KitchenRules(Duration recallWindow, boolean expoExists) {
        this.recallWindow = recallWindow;
        this.expoExists = expoExists;
    }

    /** The result of an accepted action or void: the tickets it changed, and the order status before and after. */
    public record Outcome(List<Ticket> changed, OrderStatus before, OrderStatus after) {
        public boolean orderStatusChanged() {
            return before != after;
        }
    }

    public Outcome act(List<Ticket> tickets, String ticketId, String lineId, TicketAction action, Instant now) {
        Ticket t = tickets.stream().filter(x -> x.ticketId().equals(ticketId)).findFirst()
                .orElseThrow(() -> Problem.of("UNKNOWN_TICKET", "no ticket " + ticketId).asFailure());
        if (lineId != null && t.items().stream().noneMatch(l -> l.lineId().equals(lineId))) {
            throw Problem.of("UNKNOWN_LINE", "ticket " + ticketId + " has no line " + lineId).asFailure();
        }
        if (action == TicketAction.VOID_ACK) {
            if (t.voidedAt() == null || (t.voidAckedAt() != null && !t.voidAckedAt().isBefore(t.voidedAt()))) {
                throw refuse("NOTHING_TO_ACKNOWLEDGE", "ticket " + ticketId + " has no void waiting to be acknowledged");
            }
            Ticket acked = t.withLines(t.items(), now, t.voidedAt(), now);
            OrderStatus s = OrderStatus.of(tickets);
            return new Outcome(List.of(acked), s, s);
        }
        TicketStatus current = lineId == null ? t.status() : line(t, lineId).status();
        if (current == TicketStatus.VOIDED) {
            throw refuse("TICKET_VOIDED", (lineId == null ? "ticket " + ticketId : "line " + lineId) + " is voided");
        }
        TicketStatus target = target(t, current, action, now);
        Set<String> lines = new LinkedHashSet<>();
        if (lineId != null) {
            lines.add(lineId);
        } else {
            t.items().forEach(l -> lines.add(l.lineId()));
        }
        boolean forward = action != TicketAction.RECALL;
        return apply(tickets, lines, target, forward, now, null);
    }

    private TicketStatus target(Ticket t, TicketStatus current, TicketAction action, Instant now) {
        switch (action) {
            case START -> {
                if (t.expo()) {
                    throw refuse("NOT_AT_EXPO", "expo follows the stations; START is done at a cooking station");
                }
                if (current != TicketStatus.NEW) {
                    throw refuse("ACTION_NOT_ALLOWED", "START needs status NEW, but it is " + current);
                }
                return TicketStatus.IN_PROGRESS;
            }
            case BUMP -> {
                if (t.expo()) {
                    if (current != TicketStatus.READY) {
                        throw refuse("NOT_READY", "expo serves only what is READY; it is " + current);
                    }
                    return TicketStatus.SERVED;
                }
                if (current == TicketStatus.SERVED) {
                    throw refuse("ACTION_NOT_ALLOWED", "already SERVED; nothing to bump");
                }
                if (current == TicketStatus.READY && expoExists) {
                    throw refuse("SERVED_AT_EXPO", "READY orders are served by bumping them at expo");
                }
                return current.next();
            }
            case RECALL -> {
                if (current == TicketStatus.NEW) {
                    throw refuse("ACTION_NOT_ALLOWED", "RECALL needs a ticket that has moved on from NEW");
                }
                if (Duration.between(t.updatedAt(), now).compareTo(recallWindow) > 0) {
                    throw refuse("RECALL_WINDOW_PASSED", "last changed " + Duration.between(t.updatedAt(), now).toMinutes()
                            + " min ago; recall is possible for " + recallWindow.toMinutes() + " min");
                }
                return current.previous();
            }
            default -> throw new IllegalStateException(action.name());
        }
    }

    /** Voids the named lines (or all): idempotent, lines already voided stay as they are. */
    public Outcome voidLines(List<Ticket> tickets, VoidRequest request, Instant now) {
        Set<String> known = new LinkedHashSet<>();
        tickets.stream().filter(t -> !t.expo()).forEach(t -> t.items().forEach(l -> known.add(l.lineId())));
        Set<String> lines = new LinkedHashSet<>(request.wholeOrder() ? known : request.lineIds());
        List<String> unknown = lines.stream().filter(l -> !known.contains(l)).toList();
        if (!unknown.isEmpty()) {
            throw Problem.of("UNKNOWN_LINE", "order " + request.orderId() + " has no line(s) " + String.join(", ", unknown))
                    .withDetail("lineIds", unknown).asFailure();
        }
        return apply(tickets, lines, TicketStatus.VOIDED, true, now, now);
    }

    private Outcome apply(List<Ticket> tickets, Set<String> lineIds, TicketStatus target, boolean forward,
                          Instant now, Instant voidedAt) {
        OrderStatus before = OrderStatus.of(tickets);
        Map<String, TicketStatus> cooked = new HashMap<>();
        List<Ticket> result = new ArrayList<>();
        List<Ticket> changed = new ArrayList<>();
        for (Ticket t : tickets) {
            if (t.expo()) {
                continue;
            }
            List<TicketLine> lines = new ArrayList<>();
            boolean touched = false;
            for (TicketLine l : t.items()) {
                TicketLine n = l;
                if (lineIds.contains(l.lineId()) && l.status().isLive()
                        && (target == TicketStatus.VOIDED || (forward ? l.status().before(target) : target.before(l.status())))) {
                    n = l.withStatus(target);
                    touched = true;
                }
                lines.add(n);
                cooked.put(n.lineId(), n.status());
            }
            Ticket nt = touched ? t.withLines(lines, now, voidedAt != null && hasNewVoid(t, lines) ? voidedAt : t.voidedAt(), t.voidAckedAt()) : t;
            result.add(nt);
            if (touched) {
                changed.add(nt);
            }
        }
        for (Ticket t : tickets) {
            if (!t.expo()) {
                continue;
            }
            List<TicketLine> lines = t.items().stream().map(l -> l.withStatus(cooked.getOrDefault(l.lineId(), l.status()))).toList();
            if (!lines.equals(t.items())) {
                Ticket nt = t.withLines(lines, now, voidedAt != null && hasNewVoid(t, lines) ? voidedAt : t.voidedAt(), t.voidAckedAt());
                result.add(nt);
                changed.add(nt);
            }
        }
        return new Outcome(changed, before, changed.isEmpty() ? before : OrderStatus.of(result));
    }

    private static boolean hasNewVoid(Ticket t, List<TicketLine> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).status() == TicketStatus.VOIDED && t.items().get(i).status() != TicketStatus.VOIDED) {
                return true;
            }
        }
        return false;
    }

    private static TicketLine line(Ticket t, String lineId) {
        return t.items().stream().filter(l -> l.lineId().equals(lineId)).findFirst().orElseThrow();
    }

    private static Problem.Failure refuse(String code, String message) {
        return Problem.of(code, message).asFailure();
    }
}
