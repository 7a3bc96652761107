package id.dapur.edge.devices.printer;

import id.dapur.edge.devices.printer.EscPosPrinter.Result;
import java.time.Duration;

/**
 * A printer the spooler prints to, however it is reached: one the agent writes to (port 9100, serial,
 * a file: {@link EscPosPrinter}) or one that polls the agent for its jobs ({@link CloudPrntPrinter}).
 * Calls come from the printer's own worker thread, one at a time; they may block.
 */
public interface PrinterDriver extends AutoCloseable {
    PrinterModel model();

    /** Where the printer is, for messages. */
    String describe();

    /** The current status; OFFLINE with the reason if the printer cannot be reached or does not answer. */
    PrinterStatus status();

    /**
     * Prints one job, in the model's command language, and says how it went. {@code jobId} is the same
     * for every attempt at one job; {@code completionId} is four characters unique to this attempt.
     */
    Result print(byte[] job, long jobId, String completionId, Duration printTimeout);

    @Override
    void close();
}
