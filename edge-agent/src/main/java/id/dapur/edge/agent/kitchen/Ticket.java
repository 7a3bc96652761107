package id.dapur.edge.agent.kitchen;

import com.fasterxml.jackson.annotation.JsonIgnore;
import id.dapur.edge.agent.orders.Channel;
import java.time.Instant;
import java.util.List;

/**
 * The work one station does for one order, as stored and as published on
 * {@code kds/<station>/tickets}. Extensions: {@code seq} (global creation order, for paging and
 * resync), {@code version} (bumped on every change), {@code expo}, {@code voidedAt}, {@code voidAckedAt},
 * {@code unseenAt} (when no screen had shown it within {@code kitchen.shownWithin}, and it went to paper)
 * and {@code displayName} (the order's {@code customer.displayName}, for the ready board). {@code shownAt}
 * is the contract.
 */
public record Ticket(
        String ticketId,
        String orderId,
        String station,
        TicketStatus status,
        Instant createdAt,
        Instant updatedAt,
        Channel channel,
        String table,
        List<TicketLine> items,
        long seq,
        int version,
        boolean expo,
        Instant voidedAt,
        Instant voidAckedAt,
        int firedCourse,
        Instant shownAt,
        Instant unseenAt,
        String displayName) {
    public Ticket {
        items = List.copyOf(items);
    }

    public static String idOf(String orderId, String station) {
        return new TicketId(orderId, station).toString();
    }

    @JsonIgnore
    public boolean isOpen() {
        return status != TicketStatus.SERVED && status != TicketStatus.VOIDED;
    }

    /** Whether a line waits for its course to be fired. */
    public boolean held(TicketLine line) {
        return firedCourse > 0 && line.course() > firedCourse;
    }

    /** Status derived from the live lines: the least advanced one; VOIDED when every line is voided. */
    static TicketStatus statusOf(List<TicketLine> lines) {
        TicketStatus min = null;
        for (TicketLine l : lines) {
            if (l.status().isLive() && (min == null || l.status().before(min))) {
                min = l.status();
            }
        }
        return min == null ? TicketStatus.VOIDED : min;
    }

    Ticket withLines(List<TicketLine> lines, Instant now, Instant voided, Instant voidAcked) {
        return new Ticket(
                ticketId,
                orderId,
                station,
                statusOf(lines),
                createdAt,
                now,
                channel,
                table,
                lines,
                seq,
                version + 1,
                expo,
                voided,
                voidAcked,
                firedCourse,
                shownAt,
                unseenAt,
                displayName);
    }

    Ticket withFiredCourse(int course, Instant now) {
        return new Ticket(
                ticketId,
                orderId,
                station,
                status,
                createdAt,
                now,
                channel,
                table,
                items,
                seq,
                version + 1,
                expo,
                voidedAt,
                voidAckedAt,
                course,
                shownAt,
                unseenAt,
                displayName);
    }

    /** First shown on a screen of its station at {@code at}; {@code updatedAt} stays (it times the recall window). */
    public Ticket shown(Instant at) {
        return new Ticket(
                ticketId,
                orderId,
                station,
                status,
                createdAt,
                updatedAt,
                channel,
                table,
                items,
                seq,
                version + 1,
                expo,
                voidedAt,
                voidAckedAt,
                firedCourse,
                at,
                unseenAt,
                displayName);
    }

    /** Found not shown in time at {@code at}, and sent to paper. */
    public Ticket unseen(Instant at) {
        return new Ticket(
                ticketId,
                orderId,
                station,
                status,
                createdAt,
                updatedAt,
                channel,
                table,
                items,
                seq,
                version + 1,
                expo,
                voidedAt,
                voidAckedAt,
                firedCourse,
                shownAt,
                at,
                displayName);
    }

    /** The same ticket with paced lines, as made (no new version: it is part of the change that makes it). */
    Ticket withPacedItems(List<TicketLine> lines) {
        return new Ticket(
                ticketId,
                orderId,
                station,
                status,
                createdAt,
                updatedAt,
                channel,
                table,
                lines,
                seq,
                version,
                expo,
                voidedAt,
                voidAckedAt,
                firedCourse,
                shownAt,
                unseenAt,
                displayName);
    }

    Ticket withItems(List<TicketLine> lines, Instant now) {
        return new Ticket(
                ticketId,
                orderId,
                station,
                status,
                createdAt,
                now,
                channel,
                table,
                lines,
                seq,
                version + 1,
                expo,
                voidedAt,
                voidAckedAt,
                firedCourse,
                shownAt,
                unseenAt,
                displayName);
    }
}
