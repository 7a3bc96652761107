package id.dapur.edge.cloud;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends the fleet-health heartbeat every {@code interval} (the agent builds its content: version,
 * uptime, configuration version, devices and their states, outbox backlog). The cloud's answer may
 * carry the configuration version it holds; a different one than the agent runs on is passed to
 * {@code onConfigVersion} so the new configuration is fetched at once, not at the next poll.
 */
public final class HeartbeatReporter {
    private final Vertx vertx;
    private final CloudClient client;
    private final Supplier<Future<Map<String, Object>>> content;
    private final Duration interval;
    private final Reachability reach;
    private final Consumer<String> onConfigVersion;
    private long timer = -1;
    private boolean stopped;
    private volatile long sent;

    public HeartbeatReporter(
            Vertx vertx,
            CloudClient client,
            Supplier<Future<Map<String, Object>>> content,
            Duration interval,
            Reachability reach,
            Consumer<String> onConfigVersion) {
        this.vertx = vertx;
        this.client = client;
        this.content = content;
        this.interval = interval;
        this.reach = reach;
        this.onConfigVersion = onConfigVersion;
    }

    public void start() {
        if (stopped) {
            return;
        }
        beat();
        timer = vertx.setPeriodic(interval.toMillis(), t -> beat());
    }

    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public long sent() {
        return sent;
    }

    /** Sends one heartbeat now (also used by tests and after reconnecting). */
    public Future<Void> beat() {
        if (!reach.permits()) {
            return Future.succeededFuture();
        }
        long t0 = System.nanoTime();
        return content.get()
                .compose(client::heartbeat)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        reach.failed(System.nanoTime() - t0, ar.cause(), 1);
                        return;
                    }
                    reach.succeeded(System.nanoTime() - t0);
                    sent++;
                    Object v = ar.result().get("configVersion");
                    if (v != null) {
                        onConfigVersion.accept(String.valueOf(v));
                    }
                })
                .mapEmpty();
    }
}
