package id.dapur.edge.agent.printing;

import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.printer.PrinterStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What a worker needs from the spooler: storage, rendering, status publication, metrics. */
interface Spooling {
    /** Marks the job SENDING, forced to disk; completes when it is. */
    CompletableFuture<Void> sending(PrintJob job);

    void done(PrintJob job, String detail);

    void requeue(PrintJob job, String detail);

    /** Back to QUEUED, unchanged, after it was marked SENDING but nothing was sent. */
    void unsent(PrintJob job, String detail);

    /** Records jobs moved to the backup printer; completes when that is stored. */
    CompletableFuture<Void> moved(List<PrintJob> jobs);

    byte[] render(PrintJob job, PrinterConfig printer, PrinterModel model);

    void statusChanged(PrinterConfig printer, PrinterStatus before, PrinterStatus now, int queued);

    void queueChanged(PrinterConfig printer, PrinterStatus status, int queued);

    void firstByte(long committedNanos);

    /** How long a step before sending took (status query, SENDING forced to disk). */
    void stage(String step, long nanos);
}
