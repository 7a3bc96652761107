package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.PrinterModel;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SimulatedPrinter} listening on a TCP port like a network printer's port 9100. It can be
 * taken offline (stops listening, drops connections) and brought back on the same port.
 */
public final class SimulatedNetworkPrinter implements AutoCloseable {
    private final SimulatedPrinter printer;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private Thread acceptor;
    private volatile int port;

    private SimulatedNetworkPrinter(SimulatedPrinter printer) {
        this.printer = printer;
    }

    /** Starts listening on loopback; {@code port} 0 picks a free one. */
    public static SimulatedNetworkPrinter start(int port) {
        return start(port, PrinterModel.EPSON_TM_T20);
    }

    /** A printer of this model, listening on loopback; {@code port} 0 picks a free one. */
    public static SimulatedNetworkPrinter start(int port, PrinterModel model) {
        SimulatedNetworkPrinter p = new SimulatedNetworkPrinter(new SimulatedPrinter(model));
        p.listen(port);
        return p;
    }

    public SimulatedPrinter printer() {
        return printer;
    }

    public int port() {
        return port;
    }

    private synchronized void listen(int wanted) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted));
            server = s;
            port = s.getLocalPort();
            acceptor = new Thread(() -> accept(s), "sim-printer-accept-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException("simulated printer cannot listen on port " + wanted, e);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                if (server != s) { // taken offline while this connection was being accepted
                    Sockets.drop(c);
                    return;
                }
                c.setTcpNoDelay(true);
                connections.add(c);
                Thread t = new Thread(() -> serve(c), "sim-printer-conn-" + port);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket c) {
        try (c) {
            printer.serve(new BufferedInputStream(c.getInputStream()), c.getOutputStream());
        } catch (IOException e) {
            // connection dropped
        } finally {
            connections.remove(c);
        }
    }

    /**
     * Pulls the cable: connections drop and nothing answers on the port until {@link #online()}. When
     * it returns the port refuses connections and no connection gets another byte: closing a socket
     * another thread is blocked on completes only when that thread wakes, so the listener's thread is
     * awaited and connections are shut down, which takes effect at once.
     */
    public synchronized void offline() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Socket c : connections) {
            Sockets.drop(c);
        }
    }

    public synchronized void online() {
        if (server == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        offline();
        printer.close();
    }
}
