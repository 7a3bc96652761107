package id.dapur.edge.cloud;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One long-poll loop against the cloud (commands, the order feed): call, hand the answer over, and
 * call again once it has been dealt with. Gated by the shared {@link Reachability}: while the breaker
 * is open nothing is called, and a failed call backs off as every bridge call does.
 */
final class LongPoll<T> {
    private final Vertx vertx;
    private final Reachability reach;
    private final Supplier<Future<T>> call;
    private final Function<T, Future<?>> handle;
    private volatile boolean running;
    private int attempt;
    private long backoffTimer = -1;
    private volatile Context context;

    LongPoll(Vertx vertx, Reachability reach, Supplier<Future<T>> call, Function<T, Future<?>> handle) {
        this.vertx = vertx;
        this.reach = reach;
        this.call = call;
        this.handle = handle;
        reach.onRecovered(() -> {
            Context c = context;
            if (c != null) {
                c.runOnContext(v -> recovered());
            }
        });
    }

    /**
     * The cloud answers again: a loop backing off after failures, or waiting for the breaker, polls again
     * within a few seconds, at random.
     */
    private void recovered() {
        if (backoffTimer >= 0 && vertx.cancelTimer(backoffTimer)) {
            backoffTimer = -1;
            attempt = 0;
            vertx.setTimer(1 + ThreadLocalRandom.current().nextLong(OutboxSender.RECOVERY_SPREAD_MS), t -> poll());
        }
    }

    void start() {
        running = true;
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> poll());
    }

    void stop() {
        running = false;
    }

    boolean running() {
        return running;
    }

    /** A future that completes after {@code d}: for a handler that wants the next call to wait. */
    Future<Void> after(Duration d) {
        Promise<Void> p = Promise.promise();
        vertx.setTimer(Math.max(1, d.toMillis()), t -> p.complete());
        return p.future();
    }

    private void poll() {
        if (!running) {
            return;
        }
        if (!reach.permits()) {
            backoffTimer = vertx.setTimer(Math.max(100, reach.retryIn().toMillis()), t -> {
                backoffTimer = -1;
                poll();
            });
            return;
        }
        long t0 = System.nanoTime();
        call.get().onComplete(ar -> {
            if (ar.failed()) {
                attempt++;
                Duration wait = reach.failed(System.nanoTime() - t0, ar.cause(), attempt);
                backoffTimer = vertx.setTimer(Math.max(10, wait.toMillis()), t -> {
                    backoffTimer = -1;
                    poll();
                });
                return;
            }
            reach.succeeded(System.nanoTime() - t0);
            attempt = 0;
            handle.apply(ar.result()).onComplete(x -> poll());
        });
    }
}
