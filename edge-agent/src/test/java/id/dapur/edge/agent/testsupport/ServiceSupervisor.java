package id.dapur.edge.agent.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What systemd does for packaging/dapur-edge.service, for tests on a machine where systemd is not
 * PID 1: starts the launcher with {@code NOTIFY_SOCKET} (socat's datagram socket), restarts it when it
 * exits non-zero (Restart=on-failure, RestartForceExitStatus=75), and kills it ({@code SIGKILL}) when a
 * start has not said READY=1 within the start deadline (TimeoutStartSec). Each start's output is kept
 * in its own file. Exit codes are recorded; {@link #TIMED_OUT} marks a start killed at the deadline.
 */
public final class ServiceSupervisor implements AutoCloseable {
    public static final int TIMED_OUT = -1;
    private final Path dir;
    private final List<String> command;
    private final Map<String, String> env;
    private final Duration startTimeout;
    private final Path notifyLog;
    private final Process socat;
    private final List<Integer> exits = Collections.synchronizedList(new ArrayList<>());
    private final Thread loop;
    private volatile Process current;
    private volatile boolean stopping;
    private volatile int starts;
    private volatile Instant lastStartAt = Instant.EPOCH;

    private ServiceSupervisor(Path dir, List<String> command, Map<String, String> env, Duration startTimeout)
            throws IOException {
        this.dir = dir;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.startTimeout = startTimeout;
        Path socket = dir.resolve("notify.sock");
        this.notifyLog = dir.resolve("notify.log");
        this.socat = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "OPEN:" + notifyLog + ",creat,append")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.out").toFile())
                .start();
        org.awaitility.Awaitility.await("socat's socket")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(socket));
        this.loop = new Thread(this::supervise, "test-supervisor");
    }

    /** Starts supervising {@code command} (the launcher and its arguments) with {@code env} added. */
    public static ServiceSupervisor start(
            Path dir, List<String> command, Map<String, String> env, Duration startTimeout) throws IOException {
        Files.createDirectories(dir);
        ServiceSupervisor s = new ServiceSupervisor(dir, command, env, startTimeout);
        s.loop.start();
        return s;
    }

    /** When the last start began. */
    public Instant lastStartAt() {
        return lastStartAt;
    }

    public int starts() {
        return starts;
    }

    public List<Integer> exits() {
        synchronized (exits) {
            return List.copyOf(exits);
        }
    }

    /** The output of start {@code n} (1-based). */
    public String log(int n) {
        try {
            Path f = dir.resolve("start-" + n + ".log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Every start's output, for failure messages. */
    public String logs() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            String l = log(i);
            b.append("---- start ")
                    .append(i)
                    .append('\n')
                    .append(l.length() > 6000 ? l.substring(l.length() - 6000) : l);
        }
        return b.toString();
    }

    private int readies() {
        try {
            String s = Files.exists(notifyLog) ? Files.readString(notifyLog) : "";
            int n = 0;
            for (int i = s.indexOf("READY=1"); i >= 0; i = s.indexOf("READY=1", i + 1)) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    private void supervise() {
        try {
            while (!stopping) {
                int readyBefore = readies();
                int n = ++starts;
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("start-" + n + ".log").toFile());
                pb.environment().putAll(env);
                pb.environment().put("NOTIFY_SOCKET", dir.resolve("notify.sock").toString());
                lastStartAt = Instant.now();
                Process p = pb.start();
                current = p;
                long deadline = System.nanoTime() + startTimeout.toNanos();
                boolean ready = false;
                int code;
                while (true) {
                    if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                        code = p.exitValue();
                        break;
                    }
                    ready = ready || readies() > readyBefore;
                    if (!ready && System.nanoTime() > deadline && !stopping) {
                        p.destroyForcibly().waitFor();
                        code = TIMED_OUT;
                        break;
                    }
                }
                exits.add(code);
                if (stopping || code == 0) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            exits.add(-2);
        }
    }

    /** Stops as {@code systemctl stop} does (SIGTERM) and stops supervising. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        Process p = current;
        if (p != null) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        loop.join(70_000);
        socat.destroy();
    }
}
