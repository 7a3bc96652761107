package id.dapur.edge.devices.sim;

import com.fazecast.jSerialComm.SerialPort;
import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.serial.SerialSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A {@link SimulatedPrinter} on a serial port: in tests and the demo, one end of a {@code socat}
 * pseudo-terminal pair, opened with jSerialComm like a real device.
 */
public final class SimulatedSerialPrinter implements AutoCloseable {
    private final SimulatedPrinter printer;
    private final SerialPort port;
    private final Thread thread;

    public SimulatedSerialPrinter(SerialSettings settings) {
        this(settings, PrinterModel.EPSON_TM_T20);
    }

    public SimulatedSerialPrinter(SerialSettings settings, PrinterModel model) {
        printer = new SimulatedPrinter(model);
        try {
            port = settings.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 0);
        thread = new Thread(this::serve, "sim-serial-printer");
        thread.setDaemon(true);
        thread.start();
    }

    public SimulatedPrinter printer() {
        return printer;
    }

    private void serve() {
        InputStream in = port.getInputStream();
        OutputStream out = port.getOutputStream();
        try {
            printer.serve(in, out);
        } catch (IOException e) {
            // port closed
        }
    }

    @Override
    public void close() {
        printer.close();
        port.closePort();
    }
}
