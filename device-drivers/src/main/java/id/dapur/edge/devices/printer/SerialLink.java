package id.dapur.edge.devices.printer;

import com.fazecast.jSerialComm.SerialPort;
import id.dapur.edge.devices.serial.SerialSettings;
import java.io.IOException;

/** A printer on a serial or USB-serial port, opened with the line settings from config. */
public final class SerialLink implements PrinterLink {
    private final SerialSettings settings;
    private SerialPort port;

    public SerialLink(SerialSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws IOException {
        if (port == null) {
            port = settings.open();
        }
    }

    @Override
    public boolean isOpen() {
        return port != null && port.isOpen();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (!isOpen()) {
            throw new IOException("serial port " + settings.path() + " is not open");
        }
        port.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 10_000);
        int done = 0;
        while (done < bytes.length) {
            int n = port.writeBytes(bytes, bytes.length - done, done);
            if (n <= 0) {
                throw new IOException("writing to " + settings.path() + " failed after " + done + " of " + bytes.length
                        + " bytes (error " + port.getLastErrorCode() + ")");
            }
            done += n;
        }
    }

    @Override
    public int read(byte[] buffer, int timeoutMs) throws IOException {
        if (!isOpen()) {
            return -1;
        }
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, Math.max(1, timeoutMs), 0);
        int n = port.readBytes(buffer, buffer.length);
        if (n < 0) {
            throw new IOException(
                    "reading from " + settings.path() + " failed (error " + port.getLastErrorCode() + ")");
        }
        return n;
    }

    @Override
    public boolean bidirectional() {
        return true;
    }

    @Override
    public String describe() {
        return settings.toString();
    }

    @Override
    public void close() {
        if (port != null) {
            port.closePort();
            port = null;
        }
    }
}
