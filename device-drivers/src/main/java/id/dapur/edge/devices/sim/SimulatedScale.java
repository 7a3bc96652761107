package id.dapur.edge.devices.sim;

import com.fazecast.jSerialComm.SerialPort;
import id.dapur.edge.devices.scale.CasContinuous;
import id.dapur.edge.devices.scale.ScaleFrameException;
import id.dapur.edge.devices.scale.WeightUnit;
import id.dapur.edge.devices.serial.SerialSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A scale on a serial port speaking the real bytes of {@code toledo-8217}, {@code mt-sics} or
 * {@code cas} (which streams a frame every 100 ms). Tests and the demo put weights on it, shake it,
 * overload it, make it send garbage or fall silent; tare and zero work as on the real scale.
 */
public final class SimulatedScale implements AutoCloseable {
    private final String protocol;
    private final WeightUnit unit;
    private final SerialPort port;
    private final Thread thread;
    private volatile double grams;
    private volatile double tare;
    private volatile boolean motion;
    private volatile boolean overload;
    private volatile boolean garbage;
    private volatile boolean silent;
    private volatile boolean running = true;

    /** {@code unit} is what the scale weighs in: kg, g or lb (Toledo frames carry none; the others name it). */
    public SimulatedScale(String protocol, String unit, SerialSettings settings) {
        this.protocol = protocol;
        try {
            this.unit = WeightUnit.parse(unit);
        } catch (ScaleFrameException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        try {
            port = settings.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "sim-scale-" + protocol);
        thread.setDaemon(true);
        thread.start();
    }

    /** What lies on the pan, in grams (gross, before tare). */
    public SimulatedScale weigh(double grams) {
        this.grams = grams;
        return this;
    }

    public SimulatedScale motion(boolean on) {
        this.motion = on;
        return this;
    }

    public SimulatedScale overload(boolean on) {
        this.overload = on;
        return this;
    }

    /** Answers with line noise, as a scale at the wrong baud rate seems to. */
    public SimulatedScale garbage(boolean on) {
        this.garbage = on;
        return this;
    }

    public SimulatedScale silent(boolean on) {
        this.silent = on;
        return this;
    }

    private void serve() {
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (running) {
            int n = port.readBytes(one, 1);
            if (n < 0) {
                return; // port closed
            }
            if ("cas".equals(protocol)) {
                if (!silent) {
                    send(garbage ? "~~\u0007x,,??\r\n" : casFrame());
                }
                continue;
            }
            if (n == 0) {
                continue;
            }
            if ("toledo-8217".equals(protocol)) {
                answerToledo((char) one[0]);
            } else if (one[0] == '\n') {
                answerSics(line.toString(StandardCharsets.US_ASCII).trim());
                line.reset();
            } else {
                line.write(one[0]);
            }
        }
    }

    private void answerToledo(char c) {
        if (silent) {
            return;
        }
        if (garbage) {
            send("\u00ff\u0013Zq\r");
            return;
        }
        switch (c) {
            case 'W' -> {
                double net = grams - tare;
                int status = (motion ? 0x01 : 0) | (overload ? 0x02 : 0) | (net < 0 ? 0x04 : 0);
                send(status != 0 ? "\u0002?" + (char) (0x30 | status) + "\r"
                        : "\u0002" + String.format(Locale.ROOT, "%06.3f", inUnit(net)) + "\r");
            }
            case 'T' -> tare = grams;
            case 'Z' -> {
                tare = 0;
                grams = 0;
            }
            default -> {
            }
        }
    }

    private void answerSics(String cmd) {
        if (silent) {
            return;
        }
        if (garbage) {
            send("\u00ffS?S\u0013\r\n");
            return;
        }
        double net = grams - tare;
        switch (cmd) {
            case "S", "SI" -> {
                if (overload) {
                    send("S +\r\n");
                } else if (net < 0 && !motion) {
                    send("S -\r\n");
                } else if (motion && cmd.equals("S")) {
                    send("S I\r\n");
                } else {
                    send(String.format(Locale.ROOT, "S %s %10.2f g\r\n", motion ? "D" : "S", net));
                }
            }
            case "T" -> {
                if (motion) {
                    send("T I\r\n");
                } else {
                    tare = grams;
                    send(String.format(Locale.ROOT, "T S %10.2f g\r\n", tare));
                }
            }
            case "Z" -> {
                if (motion) {
                    send("Z I\r\n");
                } else {
                    grams = 0;
                    tare = 0;
                    send("Z A\r\n");
                }
            }
            default -> send("ES\r\n");
        }
    }

    private String casFrame() {
        return CasContinuous.frame(overload ? "OL" : motion ? "US" : "ST", inUnit(grams - tare), unit.name().toLowerCase(Locale.ROOT));
    }

    private double inUnit(double g) {
        return unit.fromGrams(g);
    }

    private void send(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        port.writeBytes(b, b.length);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        port.closePort();
    }
}
