package id.dapur.edge.devices.sim;

import com.fazecast.jSerialComm.SerialPort;
import id.dapur.edge.devices.scale.CasContinuous;
import id.dapur.edge.devices.scale.ScaleFrameException;
import id.dapur.edge.devices.scale.WeightUnit;
import id.dapur.edge.devices.serial.SerialSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A scale on a serial port speaking the real bytes of {@code toledo-8217}, {@code mt-sics} or
 * {@code cas} (which streams a frame every 100 ms). Tests and the demo put weights on it, shake it,
 * overload it, make it send garbage or fall silent; tare and zero work as on the real scale. It can
 * also sit behind a simulated serial device server ({@link #tcp}: raw bytes on a TCP port, one client
 * at a time, as a Moxa NPort in TCP server mode), which the demo uses where no pseudo-terminal exists.
 */
public final class SimulatedScale implements AutoCloseable {
    private final String protocol;
    private final WeightUnit unit;
    private final Wire port;
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
        this(protocol, unit, serial(settings));
    }

    /** A scale behind a serial device server on {@code 127.0.0.1:port} (0: any free port; see {@link #tcpPort()}). */
    public static SimulatedScale tcp(String protocol, String unit, int port) {
        try {
            return new SimulatedScale(protocol, unit, new TcpWire(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TCP port of a {@link #tcp} scale; -1 for a serial one. */
    public int tcpPort() {
        return port instanceof TcpWire t ? t.server.getLocalPort() : -1;
    }

    private SimulatedScale(String protocol, String unit, Wire wire) {
        this.protocol = protocol;
        try {
            this.unit = WeightUnit.parse(unit);
        } catch (ScaleFrameException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        this.port = wire;
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
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (running) {
            int n = port.read(one);
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
                send(
                        status != 0
                                ? "\u0002?" + (char) (0x30 | status) + "\r"
                                : "\u0002" + String.format(Locale.ROOT, "%06.3f", inUnit(net)) + "\r");
            }
            case 'T' -> tare = grams;
            case 'Z' -> {
                tare = 0;
                grams = 0;
            }
            default -> {}
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
        return CasContinuous.frame(
                overload ? "OL" : motion ? "US" : "ST",
                inUnit(grams - tare),
                unit.name().toLowerCase(Locale.ROOT));
    }

    private double inUnit(double g) {
        return unit.fromGrams(g);
    }

    private void send(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        port.write(b);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        port.close();
    }

    /** The scale's side of its link: reads wait at most 100 ms (0 then), -1 once closed. */
    private interface Wire {
        int read(byte[] one);

        void write(byte[] b);

        void close();
    }

    private static Wire serial(SerialSettings settings) {
        SerialPort p;
        try {
            p = settings.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        return new Wire() {
            @Override
            public int read(byte[] one) {
                return p.readBytes(one, 1);
            }

            @Override
            public void write(byte[] b) {
                p.writeBytes(b, b.length);
            }

            @Override
            public void close() {
                p.closePort();
            }
        };
    }

    /** One client at a time, as a serial device server; a client that goes away is replaced by the next. */
    private static final class TcpWire implements Wire {
        final ServerSocket server;
        private volatile Socket client;

        TcpWire(int port) throws IOException {
            server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
            server.setSoTimeout(100);
        }

        @Override
        public int read(byte[] one) {
            try {
                if (client == null) {
                    try {
                        Socket s = server.accept();
                        s.setSoTimeout(100);
                        s.setTcpNoDelay(true);
                        client = s;
                    } catch (SocketTimeoutException e) {
                        return 0;
                    }
                }
                int n = client.getInputStream().read(one, 0, 1);
                if (n < 0) {
                    drop();
                    return 0;
                }
                return n;
            } catch (SocketTimeoutException e) {
                return 0;
            } catch (IOException e) {
                if (server.isClosed()) {
                    return -1;
                }
                drop();
                return 0;
            }
        }

        @Override
        public void write(byte[] b) {
            Socket c = client;
            if (c != null) {
                try {
                    c.getOutputStream().write(b);
                } catch (IOException e) {
                    drop();
                }
            }
        }

        private void drop() {
            Socket c = client;
            client = null;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }

        @Override
        public void close() {
            drop();
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
