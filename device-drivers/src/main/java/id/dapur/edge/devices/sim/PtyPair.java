package id.dapur.edge.devices.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Two connected pseudo-terminals made by {@code socat}: a simulated serial device opens one end,
 * the driver under test (or the demo agent) the other, and real bytes flow between them.
 */
public final class PtyPair implements AutoCloseable {
    private final Process socat;
    private final Path device;
    private final Path host;

    private PtyPair(Process socat, Path device, Path host) {
        this.socat = socat;
        this.device = device;
        this.host = host;
    }

    /** Makes {@code dir/<name>-device} and {@code dir/<name>-host}; fails with how to install socat. */
    public static PtyPair create(Path dir, String name) throws IOException {
        Path device = dir.resolve(name + "-device");
        Path host = dir.resolve(name + "-host");
        Process p;
        try {
            p = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + device, "pty,raw,echo=0,link=" + host)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IOException(
                    "socat is needed for serial devices (apt-get install -y socat): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(device) && Files.exists(host))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("socat did not create " + device + " and " + host);
            }
            try {
                p.waitFor(10, TimeUnit.MILLISECONDS); // returns early only if socat died
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        return new PtyPair(p, device, host);
    }

    /** The end the simulated device opens. */
    public Path device() {
        return device;
    }

    /** The end the driver (agent) opens. */
    public Path host() {
        return host;
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
