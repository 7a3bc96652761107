package id.dapur.edge.cloud;

/**
 * The cloud's answer for one event of a batch. An event the batch answer leaves out is treated as
 * {@link Status#RETRY}.
 */
public record EventResult(String key, Status status, String code, String message) {
    public enum Status {
        /** Applied now. */
        ACCEPTED,
        /** Applied before (same idempotency key): nothing changed, the event is done. */
        DUPLICATE,
        /** Will never be applied (the cloud cannot read it): recorded as a dead letter, then done. */
        REJECTED,
        /** Not applied now; send again later, in order. */
        RETRY;

        public boolean done() {
            return this != RETRY;
        }
    }
}
