package id.dapur.edge.agent.sandbox;

import id.dapur.edge.agent.sandbox.PosWatch.Via;
import java.time.Instant;

/** One order id as the POS sent it, and what became of it. */
final class OrderTrack {
    final String orderId;
    final String content;
    final String look;
    final Via via;
    final String who;
    final Instant first;
    Instant lastSend;
    int sends = 1;
    Fault fault;
    Instant faultAt;
    Instant resentAt;
    String answer;
    Instant answeredAt;
    String rejectCode;
    String rejectMessage;
    boolean changed;
    String doubleOf;
    int sendsAfterAnswer;
    int resendsAfterRejected;
    int quickResends;

    OrderTrack(String orderId, String content, String look, Via via, String who, Instant at) {
        this.orderId = orderId;
        this.content = content;
        this.look = look;
        this.via = via;
        this.who = who;
        this.first = at;
        this.lastSend = at;
    }

    /** The POS got ACCEPTED or DUPLICATE. */
    boolean taken() {
        return "ACCEPTED".equals(answer) || "DUPLICATE".equals(answer);
    }

    /** The fault is behind it: the same order was sent again and answered, or (a dropped MQTT connection) the answer reached its session. */
    boolean survived() {
        if (fault == null || !taken()) {
            return false;
        }
        if (resentAt != null && !answeredAt.isBefore(resentAt)) {
            return true;
        }
        return fault == Fault.DROP && via == Via.MQTT && answeredAt.isAfter(faultAt);
    }
}
