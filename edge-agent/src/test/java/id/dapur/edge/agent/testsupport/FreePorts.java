package id.dapur.edge.agent.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port nobody is listening on right now, never one this JVM handed out before, and
 * outside the kernel's ephemeral range (32768-60999 on Linux).
 *
 * <p>Why not {@code new ServerSocket(0)}: that port comes from the ephemeral range, the same range
 * the kernel draws from for every outgoing connection. Between the probe and the agent's bind, one
 * of the many outgoing connections a test makes (MQTT clients, Chromium, the agent's own client) can
 * be given that very port, and the agent's listener fails with "Address already in use". CI saw it.
 * Ports below the ephemeral range are only ever taken by a listener, and each JVM walks its own
 * stretch of them.
 */
public final class FreePorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final AtomicInteger NEXT =
            new AtomicInteger(LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW));

    private FreePorts() {}

    public static int next() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = LOW + Math.floorMod(NEXT.getAndIncrement() - LOW, HIGH - LOW);
            if (free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + LOW + "-" + HIGH + " after 1,000 attempts");
    }

    private static boolean free(int port) {
        try (ServerSocket any = new ServerSocket()) {
            any.setReuseAddress(true);
            any.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket loopback = new ServerSocket()) {
            loopback.setReuseAddress(true);
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
