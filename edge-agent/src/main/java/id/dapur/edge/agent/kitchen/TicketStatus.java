package id.dapur.edge.agent.kitchen;

/** the contract: {@code NEW → IN_PROGRESS → READY → SERVED}, plus {@code VOIDED}. */
public enum TicketStatus {
    NEW,
    IN_PROGRESS,
    READY,
    SERVED,
    VOIDED;

    public boolean isLive() {
        return this != VOIDED;
    }

    TicketStatus next() {
        return switch (this) {
            case NEW -> IN_PROGRESS;
            case IN_PROGRESS -> READY;
            case READY -> SERVED;
            default -> null;
        };
    }

    TicketStatus previous() {
        return switch (this) {
            case IN_PROGRESS -> NEW;
            case READY -> IN_PROGRESS;
            case SERVED -> READY;
            default -> null;
        };
    }

    boolean before(TicketStatus other) {
        return ordinal() < other.ordinal();
    }
}
