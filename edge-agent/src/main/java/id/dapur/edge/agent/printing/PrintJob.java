package id.dapur.edge.agent.printing;

import java.time.Instant;

/**
 * A print job as stored. {@code doc} is what to print, frozen when the job was made (a ticket, an
 * order for a receipt, a test page request) as JSON; the template renders it for whichever printer
 * finally prints it. {@code reprint}: it must carry the REPRINT mark. {@code originPrinter}: the
 * printer it was meant for, when it moved to a backup.
 */
public record PrintJob(
        long jobId,
        String printerId,
        String originPrinter,
        Kind kind,
        String ticketId,
        String orderId,
        String doc,
        boolean reprint,
        int attempts,
        Instant createdAt) {

    public enum Kind {
        CHIT,
        VOID,
        RECEIPT,
        TEST
    }

    public enum State {
        QUEUED,
        SENDING,
        DONE
    }

    /** A job to create: which printer, what, and whether it is a reprint from the start. */
    public record Spec(String printerId, Kind kind, String ticketId, String orderId, String doc, boolean reprint) {}

    public PrintJob movedTo(String backup) {
        return new PrintJob(
                jobId,
                backup,
                originPrinter == null ? printerId : originPrinter,
                kind,
                ticketId,
                orderId,
                doc,
                reprint,
                attempts,
                createdAt);
    }

    public PrintJob attempted() {
        return new PrintJob(
                jobId, printerId, originPrinter, kind, ticketId, orderId, doc, reprint, attempts + 1, createdAt);
    }

    /** After an attempt that may have printed: the next one carries the REPRINT mark. */
    public PrintJob markedReprint() {
        return new PrintJob(jobId, printerId, originPrinter, kind, ticketId, orderId, doc, true, attempts, createdAt);
    }
}
