package id.dapur.edge.cloud;

import id.dapur.edge.config.CloudConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the {@link CloudOutbox} to the cloud: the oldest events first, one batch at a time (so the
 * events of every stream arrive in commit order), a batch going out when it is full ({@code
 * batch.maxEvents} / {@code batch.maxKb}) or its oldest event is {@code batch.maxAge} old. An event
 * leaves the outbox only once the cloud answered ACCEPTED, DUPLICATE or REJECTED for its key; anything
 * else is sent again, so after a crash or an outage it resumes exactly where the outbox stands, and
 * the idempotency keys make the repeats harmless. Failures back off exponentially with jitter behind
 * the shared circuit breaker. Runs on one Vert.x context; never blocks it.
 */
public final class OutboxSender {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    /** After the cloud comes back, a sender backing off tries again within this, at random. */
    static final long RECOVERY_SPREAD_MS = 5_000;

    private final Vertx vertx;
    private final Context context;
    private final CloudClient client;
    private final CloudOutbox outbox;
    private final CloudConfig.Batch batch;
    private final Reachability reach;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong batchesFailed = new AtomicLong();
    private final Deque<long[]> rate = new ArrayDeque<>(); // [millis, sent so far], last 10 s
    private boolean running;
    private boolean busy;
    private int attempt;
    private long timer = -1;
    private long timerAt = Long.MAX_VALUE;
    private long notBefore; // backing off: new commits do not hurry the next attempt
    private long takenUpTo; // the cloud took every event up to here; their removal may still be being written
    private volatile Instant lastSentAt;

    public OutboxSender(
            Vertx vertx,
            CloudClient client,
            CloudOutbox outbox,
            CloudConfig.Batch batch,
            Reachability reach,
            Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = client;
        this.outbox = outbox;
        this.batch = batch;
        this.reach = reach;
        this.clock = clock;
        outbox.onAdded(() -> context.runOnContext(v -> tick()));
        reach.onRecovered(() -> context.runOnContext(v -> recovered()));
    }

    /**
     * The cloud answers again (another call got through): a sender backing off after an outage tries
     * again within a few seconds, at a random moment so outlets that noticed together do not send together,
     * instead of at the end of a backoff that may have grown to minutes.
     */
    private void recovered() {
        if (busy || !running) {
            return; // a batch is on its way; what follows it goes as usual
        }
        // backing off after failures, or waiting for the breaker to let a trial through: either way, try again soon
        long now = System.currentTimeMillis();
        attempt = 0;
        notBefore = now + ThreadLocalRandom.current().nextLong(RECOVERY_SPREAD_MS);
        cancelTimer();
        later(notBefore - now);
    }

    public void start() {
        context.runOnContext(v -> {
            running = true;
            tick();
        });
    }

    public void stop() {
        context.runOnContext(v -> {
            running = false;
            cancelTimer();
        });
    }

    /** Events the cloud has taken (accepted, duplicate or rejected) since start. */
    public long sent() {
        return sent.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long batchesFailed() {
        return batchesFailed.get();
    }

    public Instant lastSentAt() {
        return lastSentAt;
    }

    /** Events per second taken by the cloud over the last ten seconds. */
    public synchronized double drainRate() {
        if (rate.size() < 2) {
            return 0;
        }
        long[] first = rate.peekFirst();
        long[] last = rate.peekLast();
        long ms = Math.max(1, last[0] - first[0]);
        return (last[1] - first[1]) * 1000.0 / ms;
    }

    private synchronized void noteRate(long total) {
        long now = System.currentTimeMillis();
        rate.add(new long[] {now, total});
        while (rate.size() > 2 && now - rate.peekFirst()[0] > 10_000) {
            rate.pollFirst();
        }
    }

    private void tick() {
        if (!running || busy) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now < notBefore) {
            later(notBefore - now);
            return;
        }
        CloudOutbox.Backlog b = outbox.backlog();
        if (b.events() == 0) {
            return;
        }
        long age = b.oldest() == null
                ? Long.MAX_VALUE
                : Duration.between(b.oldest(), clock.instant()).toMillis();
        boolean full = b.events() >= batch.maxEvents() || b.bytes() >= batch.maxKb() * 1024L;
        if (!full && age < batch.maxAge().toMillis()) {
            later(batch.maxAge().toMillis() - age);
            return;
        }
        if (!reach.permits()) {
            later(Math.max(50, reach.retryIn().toMillis()));
            return;
        }
        busy = true;
        cancelTimer();
        outbox.oldest(takenUpTo, batch.maxEvents(), batch.maxKb() * 1024).onComplete(ar -> {
            if (ar.failed() || ar.result().isEmpty()) {
                reach.released();
                busy = false;
                if (ar.failed()) {
                    LOG.warn(
                            "cannot read the cloud outbox [error: {}]",
                            ar.cause().toString());
                    later(1000);
                }
                return;
            }
            send(ar.result());
        });
    }

    /**
     * Sends a batch; while it is at the cloud, reads the next one. If the cloud takes the whole batch,
     * the next goes out at once while the removal of this one is written; if it takes part of it, the
     * rest is sent again first (so no stream gets ahead of an event it still owes the cloud).
     */
    private void send(List<CloudEvent> events) {
        long t0 = System.nanoTime();
        String batchId = UUID.randomUUID().toString();
        long last = events.get(events.size() - 1).seq();
        Future<List<CloudEvent>> next = outbox.oldest(last, batch.maxEvents(), batch.maxKb() * 1024);
        client.send(batchId, events).onComplete(ar -> {
            if (ar.failed()) {
                attempt++;
                batchesFailed.incrementAndGet();
                Duration wait = reach.failed(System.nanoTime() - t0, ar.cause(), attempt);
                LOG.debug(
                        "event batch not taken; retrying [events: {}, attempt: {}, in: {} ms, error: {}]",
                        events.size(),
                        attempt,
                        wait.toMillis(),
                        ar.cause().toString());
                busy = false;
                backOff(wait.toMillis());
                return;
            }
            reach.succeeded(System.nanoTime() - t0);
            settle(events, ar.result(), next);
        });
    }

    private void settle(List<CloudEvent> events, List<EventResult> results, Future<List<CloudEvent>> next) {
        Map<String, EventResult> byKey = new HashMap<>(results.size() * 2);
        for (EventResult r : results) {
            byKey.put(r.key(), r);
        }
        List<CloudEvent> done = new ArrayList<>(events.size());
        List<CloudOutbox.Rejected> refused = new ArrayList<>();
        for (CloudEvent e : events) {
            EventResult r = byKey.get(e.key());
            if (r == null || !r.status().done()) {
                continue;
            }
            if (r.status() == EventResult.Status.REJECTED) {
                refused.add(new CloudOutbox.Rejected(
                        e, r.code() == null ? "REJECTED" : r.code(), r.message() == null ? "" : r.message()));
            }
            done.add(e);
        }
        if (done.isEmpty()) {
            // the cloud answered but took nothing (busy): back off as after a failure, without blaming the link
            attempt++;
            busy = false;
            backOff(Math.min(30_000, 250L << Math.min(attempt, 7)));
            return;
        }
        attempt = 0;
        boolean all = done.size() == events.size();
        long last = events.get(events.size() - 1).seq();
        if (all) {
            takenUpTo = last;
        }
        Future<Void> settled = outbox.settle(done, refused).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn(
                        "cannot remove sent events from the cloud outbox; they will be sent again [events: {}, error: {}]",
                        done.size(),
                        ar.cause().toString());
                takenUpTo = 0; // read them again; the cloud answers DUPLICATE
                return;
            }
            lastSentAt = clock.instant();
            noteRate(sent.addAndGet(done.size()));
            if (!refused.isEmpty()) {
                rejected.addAndGet(refused.size());
                LOG.warn(
                        "cloud rejected events; kept as dead letters [events: {}, first: {} {}]",
                        refused.size(),
                        refused.get(0).code(),
                        refused.get(0).message());
            }
        });
        if (all) {
            next.onComplete(n -> {
                if (n.succeeded() && worthSending(n.result()) && running && reach.permits()) {
                    send(n.result());
                } else {
                    settled.onComplete(x -> {
                        busy = false;
                        tick();
                    });
                }
            });
        } else {
            settled.onComplete(x -> {
                busy = false;
                tick();
            });
        }
    }

    /** A prefetched batch goes at once if it is full or old enough; a small young one waits for {@link #tick}. */
    private boolean worthSending(List<CloudEvent> events) {
        if (events.isEmpty()) {
            return false;
        }
        long bytes = 0;
        for (CloudEvent e : events) {
            bytes += e.bytes();
        }
        return events.size() >= batch.maxEvents()
                || bytes >= batch.maxKb() * 1024L
                || Duration.between(events.get(0).at(), clock.instant()).toMillis()
                        >= batch.maxAge().toMillis();
    }

    private void backOff(long ms) {
        notBefore = System.currentTimeMillis() + ms;
        later(ms);
    }

    private void later(long ms) {
        long at = System.currentTimeMillis() + Math.max(1, ms);
        if (timer >= 0 && timerAt <= at) {
            return;
        }
        cancelTimer();
        timerAt = at;
        timer = vertx.setTimer(Math.max(1, ms), t -> {
            timer = -1;
            timerAt = Long.MAX_VALUE;
            tick();
        });
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
            timerAt = Long.MAX_VALUE;
        }
    }
}
