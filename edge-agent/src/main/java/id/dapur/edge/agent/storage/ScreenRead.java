package id.dapur.edge.agent.storage;

import java.util.List;

/**
 * Tickets read for a screen, and the change sequence number they were read at: every ticket change
 * numbered at or below {@code readAt} is reflected in {@code changes} (as itself or a later change
 * of the same ticket); a live change above it may not be, and must be sent after these.
 */
public record ScreenRead(long readAt, List<TicketChange> changes) {
    public ScreenRead {
        changes = List.copyOf(changes);
    }
}
