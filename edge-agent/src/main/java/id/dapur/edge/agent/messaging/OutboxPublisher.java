package id.dapur.edge.agent.messaging;

import id.dapur.edge.agent.storage.OutboxEntry;
import id.dapur.edge.agent.storage.OutboxStore;
import id.dapur.edge.agent.support.AgentMetrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the transactional outbox, in commit order, at least once. Fresh commits are handed over
 * in memory (no re-read); after any disconnect it replays what the broker has not confirmed from H2.
 * An entry is deleted from the outbox only after the broker acknowledged it. Transient messages
 * (DUPLICATE, REJECTED, dead letters: no state change behind them) go through the same queue, so
 * they are never published ahead of a commit queued before them. Runs on one Vert.x context.
 */
public final class OutboxPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final int MAX_IN_FLIGHT = 256;
    private static final int PAGE = 1000;

    private final Vertx vertx;
    private final Context context;
    private final MqttBus bus;
    private final OutboxStore store;
    private final Timing timing;
    private final Deque<OutboxEntry> queue = new ArrayDeque<>();
    private final List<Long> confirmed = new ArrayList<>();
    private boolean caughtUp;
    private boolean replaying;
    private long lastQueuedSeq;
    private boolean commitsDuringRead;
    private int inFlight;
    private boolean pumping;
    private long flushTimer = -1;

    /** Where a publication's time goes, for /metrics. */
    public interface Timing {
        /** From the writer telling of a commit to the publisher's context taking it. */
        void handedOver(long nanos);

        /** From handing a publication to the MQTT client to the broker's PUBACK. */
        void acknowledged(long nanos);

        /** From a stored entry's row being written (before its commit) to the broker's PUBACK. */
        void published(long nanos);

        /** The steps as {@code dapur_outbox_stage_seconds{stage}} and the publish latency. */
        static Timing of(AgentMetrics metrics) {
            Timer handedOver = metrics.outboxStage("handover");
            Timer acknowledged = metrics.outboxStage("puback");
            Timer published = metrics.publishLatency();
            return new Timing() {
                @Override
                public void handedOver(long nanos) {
                    handedOver.record(nanos, TimeUnit.NANOSECONDS);
                }

                @Override
                public void acknowledged(long nanos) {
                    acknowledged.record(nanos, TimeUnit.NANOSECONDS);
                }

                @Override
                public void published(long nanos) {
                    published.record(nanos, TimeUnit.NANOSECONDS);
                }
            };
        }
    }

    public OutboxPublisher(Vertx vertx, MqttBus bus, OutboxStore store, Timing timing) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.bus = bus;
        this.store = store;
        this.timing = timing;
    }

    /** Called by the storage writer thread after a commit (and fsync). */
    public void committed(List<OutboxEntry> entries) {
        List<OutboxEntry> copy = List.copyOf(entries);
        long told = System.nanoTime();
        context.runOnContext(v -> {
            timing.handedOver(System.nanoTime() - told);
            if (!caughtUp) {
                commitsDuringRead = true;
            }
            for (OutboxEntry e : copy) {
                if (caughtUp && e.seq() > lastQueuedSeq) {
                    queue.add(e);
                    lastQueuedSeq = e.seq();
                }
            }
            pump();
        });
    }

    /** A message with no stored state behind it; dropped if the broker is away (the POS resends). */
    public void transientMessage(String topic, String payload) {
        context.runOnContext(v -> {
            if (bus.isConnected()) {
                queue.add(new OutboxEntry(0, topic, payload, 1, false, System.nanoTime()));
                pump();
            }
        });
    }

    /** On every (re)connection: forget what was queued in memory and replay the outbox from H2. */
    public void connectionChanged(boolean connected) {
        context.runOnContext(v -> {
            caughtUp = false;
            queue.clear();
            lastQueuedSeq = 0;
            if (connected) {
                replay();
            }
        });
    }

    public int backlog() {
        return queue.size() + inFlight;
    }

    private void replay() {
        if (replaying) {
            return;
        }
        replaying = true;
        commitsDuringRead = false;
        store.pendingOutbox(lastQueuedSeq, PAGE).onComplete(ar -> {
            replaying = false;
            if (ar.failed()) {
                LOG.warn(
                        "outbox replay failed, retrying [error: {}]", ar.cause().getMessage());
                vertx.setTimer(1000, t -> replay());
                return;
            }
            if (!bus.isConnected()) {
                return;
            }
            List<OutboxEntry> page = ar.result();
            for (OutboxEntry e : page) {
                queue.add(e);
                lastQueuedSeq = e.seq();
            }
            if (page.size() >= PAGE || commitsDuringRead && queue.size() >= PAGE) {
                waitThenReplay();
            } else if (commitsDuringRead) {
                // committed while the page was being read: read again to pick those up in order
                replay();
            } else {
                caughtUp = true;
                if (!page.isEmpty()) {
                    LOG.info("outbox replayed [entries: {}]", page.size());
                }
            }
            pump();
        });
    }

    /** The next page is read once the queue has drained, so memory stays bounded by one page. */
    private void waitThenReplay() {
        vertx.setTimer(5, t -> {
            if (!bus.isConnected()) {
                return;
            }
            if (queue.isEmpty() && inFlight == 0) {
                flushConfirmed().onComplete(x -> replay());
            } else {
                waitThenReplay();
            }
        });
    }

    private void pump() {
        if (pumping) {
            // a publication confirmed before publish() returned (the in-process bus) calls back in here: the loop
            // below goes on with the place it freed, rather than a call per message deep
            return;
        }
        pumping = true;
        try {
            send();
        } finally {
            pumping = false;
        }
    }

    private void send() {
        while (inFlight < MAX_IN_FLIGHT && !queue.isEmpty() && bus.isConnected()) {
            OutboxEntry e = queue.poll();
            inFlight++;
            long handed = System.nanoTime();
            bus.publish(e.topic(), e.payload().getBytes(StandardCharsets.UTF_8), e.qos(), e.retained())
                    .onComplete(ar -> {
                        inFlight--;
                        if (ar.succeeded()) {
                            long now = System.nanoTime();
                            timing.acknowledged(now - handed);
                            if (e.seq() > 0) {
                                confirmed.add(e.seq());
                                timing.published(now - e.readyNanos());
                                scheduleFlush();
                            }
                        } else {
                            LOG.debug(
                                    "publish failed; will replay after reconnect [topic: {}, error: {}]",
                                    e.topic(),
                                    ar.cause().getMessage());
                        }
                        pump();
                    });
        }
    }

    private void scheduleFlush() {
        if (confirmed.size() >= 500) {
            flushConfirmed();
        } else if (flushTimer < 0) {
            flushTimer = vertx.setTimer(50, t -> {
                flushTimer = -1;
                flushConfirmed();
            });
        }
    }

    private Future<Void> flushConfirmed() {
        if (confirmed.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Long> seqs = List.copyOf(confirmed);
        confirmed.clear();
        return store.published(seqs)
                .onFailure(e -> LOG.warn(
                        "could not forget published outbox entries; they will be sent again [count: {}]", seqs.size()));
    }

    /** Writes down what the broker confirmed; call before closing storage. */
    public Future<Void> flush() {
        return flushConfirmed();
    }
}
