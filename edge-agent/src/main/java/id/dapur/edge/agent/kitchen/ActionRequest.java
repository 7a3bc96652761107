package id.dapur.edge.agent.kitchen;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;

/** {@code {"actionId", "ticketId", "lineId"?, "action"}}. */
public record ActionRequest(String actionId, String ticketId, String lineId, TicketAction action) {
    static final ErrorCode CODE = ErrorCode.INVALID_ACTION;

    /** The station the ticket id names. */
    public String station() {
        return id().station();
    }

    public String orderId() {
        return id().orderId();
    }

    private TicketId id() {
        return TicketId.parse(ticketId).orElseThrow(() -> new IllegalStateException("not a ticket id: " + ticketId));
    }

    public static ActionRequest parse(JsonNode o) {
        String actionId = Payloads.id(o, "actionId", "actionId", CODE);
        String ticketId = Payloads.text(o, "ticketId", "ticketId", CODE, true, 100);
        if (TicketId.parse(ticketId).isEmpty()) {
            throw Payloads.invalid(CODE, "ticketId", "must look like <orderId>/<station>")
                    .asFailure();
        }
        String lineId = Payloads.text(o, "lineId", "lineId", CODE, false, 32);
        String a = Payloads.text(o, "action", "action", CODE, true, 16);
        TicketAction action;
        try {
            action = TicketAction.valueOf(a);
        } catch (IllegalArgumentException e) {
            throw Payloads.invalid(CODE, "action", "must be one of START, BUMP, RECALL, VOID_ACK, FIRE")
                    .asFailure();
        }
        return new ActionRequest(actionId, ticketId, lineId, action);
    }
}
