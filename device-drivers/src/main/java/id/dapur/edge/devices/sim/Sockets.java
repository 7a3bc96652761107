package id.dapur.edge.devices.sim;

import java.io.IOException;
import java.net.Socket;

/** Pulling a cable in a simulation: what has to happen for a connection to be gone at once. */
public final class Sockets {
    private Sockets() {}

    /**
     * Drops a connection so that nothing passes on it any more when this returns: shut down first (at
     * once, even while another thread is blocked on it, whose close would complete only when it
     * wakes), then closed.
     */
    public static void drop(Socket c) {
        try {
            c.shutdownInput();
            c.shutdownOutput();
        } catch (IOException ignored) {
            // already shut or closed
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
