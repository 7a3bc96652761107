package id.dapur.edge.devices.serial;

import com.fazecast.jSerialComm.SerialPort;
import id.dapur.edge.config.DeviceConnection;
import java.io.IOException;
import java.util.Map;

/**
 * Line settings of a {@code serial://} connection (validated by firmware-config) and how to open a
 * jSerialComm port with them. Shared by printers and scales.
 */
public record SerialSettings(String path, int baud, int dataBits, String stopBits, String parity, String flow) {

    public static SerialSettings of(DeviceConnection c) {
        Map<String, String> o = c.options();
        return new SerialSettings(
                c.path(),
                Integer.parseInt(o.getOrDefault("baud", "9600")),
                Integer.parseInt(o.getOrDefault("databits", "8")),
                o.getOrDefault("stopbits", "1"),
                o.getOrDefault("parity", "none"),
                o.getOrDefault("flow", "none"));
    }

    /** Opens the port with these settings; a missing or busy device is an IOException naming it. */
    public SerialPort open() throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (RuntimeException e) { // jSerialComm: SerialPortInvalidPortException for a path that is not there
            throw new IOException("no serial device at " + path + " (missing or unplugged)");
        }
        port.setComPortParameters(
                baud,
                dataBits,
                switch (stopBits) {
                    case "2" -> SerialPort.TWO_STOP_BITS;
                    case "1.5" -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
                    default -> SerialPort.ONE_STOP_BIT;
                },
                switch (parity) {
                    case "even" -> SerialPort.EVEN_PARITY;
                    case "odd" -> SerialPort.ODD_PARITY;
                    case "mark" -> SerialPort.MARK_PARITY;
                    case "space" -> SerialPort.SPACE_PARITY;
                    default -> SerialPort.NO_PARITY;
                });
        port.setFlowControl(
                switch (flow) {
                    case "rtscts" -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
                    case "xonxoff" ->
                        SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
                    default -> SerialPort.FLOW_CONTROL_DISABLED;
                });
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + path + " (error " + port.getLastErrorCode()
                    + "): missing, unplugged or in use");
        }
        return port;
    }

    @Override
    public String toString() {
        return "serial://" + path + "?baud=" + baud + "&databits=" + dataBits + "&parity=" + parity + "&stopbits="
                + stopBits + "&flow=" + flow;
    }
}
