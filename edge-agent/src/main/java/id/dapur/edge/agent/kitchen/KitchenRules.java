package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.orders.VoidRequest;
import id.dapur.edge.agent.support.ErrorCode;
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
 * The ticket state machine, pure: given all tickets of one order and an action, the
 * tickets that change, or a refusal that changes nothing. Cooking lines hold the truth; an expo
 * ticket mirrors them, and bumping at expo serves them.
 */
public final class KitchenRules {
    private final Duration recallWindow;
    private final boolean expoExists;
    private final Pacing pacing;

    public KitchenRules(Duration recallWindow, boolean expoExists) {
        this(recallWindow, expoExists, Pacing.NONE);
    }

    /** With {@code pacing}: a course fired later is paced from when it is fired. */
    public KitchenRules(Duration recallWindow, boolean expoExists, Pacing pacing) {
        this.recallWindow = recallWindow;
        this.expoExists = expoExists;
        this.pacing = pacing;
    }

    /** The result of an accepted action or void: the tickets it changed, and the order status before and after. */
    public record Outcome(List<Ticket> changed, OrderStatus before, OrderStatus after) {
        public boolean orderStatusChanged() {
            return before != after;
        }
    }

    public Outcome act(List<Ticket> tickets, String ticketId, String lineId, TicketAction action, Instant now) {
        Ticket t = tickets.stream()
                .filter(x -> x.ticketId().equals(ticketId))
                .findFirst()
                .orElseThrow(() -> Problem.of(ErrorCode.UNKNOWN_TICKET, "no ticket " + ticketId)
                        .asFailure());
        if (lineId != null && t.items().stream().noneMatch(l -> l.lineId().equals(lineId))) {
            throw Problem.of(ErrorCode.UNKNOWN_LINE, "ticket " + ticketId + " has no line " + lineId)
                    .asFailure();
        }
        if (action == TicketAction.VOID_ACK) {
            if (t.voidedAt() == null
                    || (t.voidAckedAt() != null && !t.voidAckedAt().isBefore(t.voidedAt()))) {
                throw refuse(
                        ErrorCode.NOTHING_TO_ACKNOWLEDGE,
                        "ticket " + ticketId + " has no void waiting to be acknowledged");
            }
            Ticket acked = t.withLines(t.items(), now, t.voidedAt(), now);
            OrderStatus s = OrderStatus.of(tickets);
            return new Outcome(List.of(acked), s, s);
        }
        if (action == TicketAction.FIRE) {
            Outcome early = fireEarly(tickets, t, lineId, now);
            if (early != null) {
                return early;
            }
            if (lineId != null) {
                throw refuse(ErrorCode.NOTHING_HELD, "line " + lineId + " is not waiting to be fired");
            }
            return fire(tickets, now);
        }
        // held lines (a later course) take no part until their course is fired
        List<TicketLine> active = t.items().stream()
                .filter(l -> !t.held(l) && (lineId == null || l.lineId().equals(lineId)))
                .toList();
        if (active.isEmpty()) {
            throw refuse(
                    ErrorCode.COURSE_HELD,
                    (lineId == null ? "every line of " + ticketId : "line " + lineId)
                            + " waits for course "
                            + t.items().stream()
                                    .filter(t::held)
                                    .mapToInt(TicketLine::course)
                                    .min()
                                    .orElse(0)
                            + " to be fired");
        }
        TicketStatus current = Ticket.statusOf(active);
        if (current == TicketStatus.VOIDED) {
            throw refuse(
                    ErrorCode.TICKET_VOIDED, (lineId == null ? "ticket " + ticketId : "line " + lineId) + " is voided");
        }
        if (t.expo() && action == TicketAction.BUMP && lineId == null) {
            // expo serves course by course: the earliest course not yet served, once all of it is READY
            int course = active.stream()
                    .filter(l -> l.status().isLive() && l.status() != TicketStatus.SERVED)
                    .mapToInt(TicketLine::course)
                    .min()
                    .orElse(0);
            active = active.stream().filter(l -> l.course() == course).toList();
            current = active.isEmpty() ? TicketStatus.SERVED : Ticket.statusOf(active);
        }
        TicketStatus target = target(t, current, action, now);
        Set<String> lines = new LinkedHashSet<>();
        active.forEach(l -> lines.add(l.lineId()));
        boolean forward = action != TicketAction.RECALL;
        return apply(tickets, lines, target, forward, now, null);
    }

    /** Fires the order's next held course (extension action FIRE), paced from now. */
    private Outcome fire(List<Ticket> tickets, Instant now) {
        int next = nextCourse(tickets);
        if (next == 0) {
            throw refuse(ErrorCode.NOTHING_HELD, "no course of this order is waiting to be fired");
        }
        OrderStatus s = OrderStatus.of(tickets);
        return new Outcome(
                pacing.pace(
                        tickets.stream().map(x -> x.withFiredCourse(next, now)).toList(), next, now),
                s,
                s);
    }

    /**
     * A cook fires paced lines early (FIRE on a ticket, or on one line): they lose their {@code fireAt}.
     * Null when the ticket has no paced line waiting (then FIRE means the next course).
     */
    private Outcome fireEarly(List<Ticket> tickets, Ticket t, String lineId, Instant now) {
        List<TicketLine> lines = new ArrayList<>();
        boolean any = false;
        for (TicketLine l : t.items()) {
            if (l.paced(now) && (lineId == null || l.lineId().equals(lineId))) {
                lines.add(l.firedAt(now));
                any = true;
            } else {
                lines.add(l);
            }
        }
        if (!any) {
            return null;
        }
        OrderStatus s = OrderStatus.of(tickets);
        return new Outcome(List.of(t.withItems(lines, now)), s, s);
    }

    /** The smallest course above the fired one that has live lines; 0 when none is held. */
    private static int nextCourse(List<Ticket> tickets) {
        int fired = firedCourse(tickets);
        return fired == 0
                ? 0
                : tickets.stream()
                        .filter(x -> !x.expo())
                        .flatMap(x -> x.items().stream())
                        .filter(l -> l.status().isLive() && l.course() > fired)
                        .mapToInt(TicketLine::course)
                        .min()
                        .orElse(0);
    }

    private static int firedCourse(List<Ticket> tickets) {
        return tickets.isEmpty() ? 0 : tickets.get(0).firedCourse();
    }

    /** Fires the next course once every live line of the fired ones is READY or beyond. */
    private List<Ticket> autoFire(List<Ticket> tickets, Instant now) {
        int fired = firedCourse(tickets);
        int next = nextCourse(tickets);
        if (next == 0) {
            return tickets;
        }
        boolean firedDone = tickets.stream()
                .filter(x -> !x.expo())
                .flatMap(x -> x.items().stream())
                .filter(l -> l.status().isLive() && l.course() <= fired)
                .allMatch(l -> !l.status().before(TicketStatus.READY));
        return firedDone
                ? pacing.pace(
                        tickets.stream().map(x -> x.withFiredCourse(next, now)).toList(), next, now)
                : tickets;
    }

    private TicketStatus target(Ticket t, TicketStatus current, TicketAction action, Instant now) {
        switch (action) {
            case START -> {
                if (t.expo()) {
                    throw refuse(
                            ErrorCode.NOT_AT_EXPO, "expo follows the stations; START is done at a cooking station");
                }
                if (current != TicketStatus.NEW) {
                    throw refuse(ErrorCode.ACTION_NOT_ALLOWED, "START needs status NEW, but it is " + current);
                }
                return TicketStatus.IN_PROGRESS;
            }
            case BUMP -> {
                if (t.expo()) {
                    if (current != TicketStatus.READY) {
                        throw refuse(ErrorCode.NOT_READY, "expo serves only what is READY; it is " + current);
                    }
                    return TicketStatus.SERVED;
                }
                if (current == TicketStatus.SERVED) {
                    throw refuse(ErrorCode.ACTION_NOT_ALLOWED, "already SERVED; nothing to bump");
                }
                if (current == TicketStatus.READY && expoExists) {
                    throw refuse(ErrorCode.SERVED_AT_EXPO, "READY orders are served by bumping them at expo");
                }
                return current.next();
            }
            case RECALL -> {
                if (current == TicketStatus.NEW) {
                    throw refuse(ErrorCode.ACTION_NOT_ALLOWED, "RECALL needs a ticket that has moved on from NEW");
                }
                if (Duration.between(t.updatedAt(), now).compareTo(recallWindow) > 0) {
                    throw refuse(
                            ErrorCode.RECALL_WINDOW_PASSED,
                            "last changed "
                                    + Duration.between(t.updatedAt(), now).toMinutes()
                                    + " min ago; recall is possible for " + recallWindow.toMinutes() + " min");
                }
                return current.previous();
            }
            default -> throw new IllegalStateException(action.name()); // VOID_ACK and FIRE are handled before
        }
    }

    /** Voids the named lines (or all): idempotent, lines already voided stay as they are. */
    public Outcome voidLines(List<Ticket> tickets, VoidRequest request, Instant now) {
        Set<String> known = new LinkedHashSet<>();
        tickets.stream().filter(t -> !t.expo()).forEach(t -> t.items().forEach(l -> known.add(l.lineId())));
        Set<String> lines = new LinkedHashSet<>(request.wholeOrder() ? known : request.lineIds());
        List<String> unknown = lines.stream().filter(l -> !known.contains(l)).toList();
        if (!unknown.isEmpty()) {
            throw Problem.of(
                            ErrorCode.UNKNOWN_LINE,
                            "order " + request.orderId() + " has no line(s) " + String.join(", ", unknown))
                    .withDetail("lineIds", unknown)
                    .asFailure();
        }
        return apply(tickets, lines, TicketStatus.VOIDED, true, now, now);
    }

    private Outcome apply(
            List<Ticket> tickets,
            Set<String> lineIds,
            TicketStatus target,
            boolean forward,
            Instant now,
            Instant voidedAt) {
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
                if (lineIds.contains(l.lineId())
                        && l.status().isLive()
                        && (target == TicketStatus.VOIDED
                                || (forward ? l.status().before(target) : target.before(l.status())))) {
                    n = l.withStatus(target);
                    touched = true;
                }
                lines.add(n);
                cooked.put(n.lineId(), n.status());
            }
            Ticket nt = touched
                    ? t.withLines(
                            lines,
                            now,
                            voidedAt != null && hasNewVoid(t, lines) ? voidedAt : t.voidedAt(),
                            t.voidAckedAt())
                    : t;
            result.add(nt);
            if (touched) {
                changed.add(nt);
            }
        }
        for (Ticket t : tickets) {
            if (!t.expo()) {
                continue;
            }
            List<TicketLine> lines = t.items().stream()
                    .map(l -> l.withStatus(cooked.getOrDefault(l.lineId(), l.status())))
                    .toList();
            if (!lines.equals(t.items())) {
                Ticket nt = t.withLines(
                        lines,
                        now,
                        voidedAt != null && hasNewVoid(t, lines) ? voidedAt : t.voidedAt(),
                        t.voidAckedAt());
                result.add(nt);
                changed.add(nt);
            } else {
                result.add(t);
            }
        }
        if (changed.isEmpty()) {
            return new Outcome(changed, before, before);
        }
        List<Ticket> fired = autoFire(result, now);
        if (fired != result) {
            changed = fired; // a new course fired: every ticket of the order changed
        }
        return new Outcome(changed, before, OrderStatus.of(fired));
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
        return t.items().stream()
                .filter(l -> l.lineId().equals(lineId))
                .findFirst()
                .orElseThrow();
    }

    private static Problem.Failure refuse(ErrorCode code, String message) {
        return Problem.of(code, message).asFailure();
    }
}
