package id.dapur.edge.devices.sim;

import java.io.IOException;

/** Reads a simulated printer's input in its command language, one command at a time. */
interface Receiver {
    void receive() throws IOException;
}
