package id.dapur.edge.devices.printer;

import java.io.Closeable;
import java.io.IOException;

/**
 * A byte pipe to a printer: raw TCP, a serial port or a file/device path. Used by one thread at a
 * time (the printer's worker). Closing and reopening is how every error is recovered from.
 */
public interface PrinterLink extends Closeable {

    /** Opens (connects) if not open; throws with a reason a person understands. */
    void open() throws IOException;

    boolean isOpen();

    /** Writes everything or throws; a throw means an unknown number of bytes reached the printer. */
    void write(byte[] bytes) throws IOException;

    /** Reads what is available, waiting up to {@code timeoutMs}; 0 on timeout, -1 when the link closed. */
    int read(byte[] buffer, int timeoutMs) throws IOException;

    /** Whether the printer can answer (status, completion); a file path cannot. */
    boolean bidirectional();

    /** Where it goes, for logs and status (no secrets in device connections). */
    String describe();

    @Override
    void close();
}
