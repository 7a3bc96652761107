package id.dapur.edge.agent.floor;

import id.dapur.edge.agent.kitchen.OrderStore;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.screens.ScreenFeed;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.Outbox;
import id.dapur.edge.cloud.CloudEventType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link KitchenLoad} current from committed ticket changes and tells the outlet:
 * when the level or the quote changes, the load is published retained on {@code kitchen/load} (for
 * POS terminals), copied to the cloud (stream {@code kitchen}, so the back office can lengthen delivery
 * quotes or pause the store) and shown on every kitchen screen, at most once every 2 s (the latest
 * load at the end of the interval). Confined to one Vert.x context.
 */
public final class KitchenLoadFeed {
    private static final Logger LOG = LoggerFactory.getLogger(KitchenLoadFeed.class);
    public static final CloudEventType MIRROR = CloudEventType.KITCHEN_LOAD;

    private final Vertx vertx;
    private final Context context;
    private final KitchenLoad load;
    private final OrderStore store;
    private final GroupCommitWriter writer;
    private final ScreenFeed screens;
    private final Topics topics;
    private final Clock clock;
    private String published = "";
    private volatile KitchenLoad.Load current;

    public KitchenLoadFeed(
            Vertx vertx,
            KitchenLoad load,
            OrderStore store,
            GroupCommitWriter writer,
            ScreenFeed screens,
            Topics topics,
            Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.load = load;
        this.store = store;
        this.writer = writer;
        this.screens = screens;
        this.topics = topics;
        this.clock = clock;
        this.current = load.now();
    }

    /** Ticket changes after their commit, on the feed's context. */
    public void applied(List<ChangedTicket> changes) {
        changes.forEach(c -> load.apply(c.seq(), c.ticket()));
        changed();
    }

    /** Reads the open tickets, then publishes the load as it is (retained: a POS connecting later reads it). */
    public Future<Void> start() {
        return store.screenSnapshot(null, clock.instant()).compose(read -> {
            Promise<Void> done = Promise.promise();
            context.runOnContext(v -> {
                read.changes().forEach(c -> load.apply(c.seq(), c.json()));
                published = "";
                changed();
                done.complete();
            });
            return done.future();
        });
    }

    /** When the newest open ticket was created (empty: none open), read on the feed's context. */
    public Future<Optional<Instant>> newestOpenTicket() {
        Promise<Optional<Instant>> p = Promise.promise();
        context.runOnContext(v -> p.complete(load.newestOpenTicket()));
        return p.future();
    }

    /** The load now (any thread). */
    public KitchenLoad.Load current() {
        return current;
    }

    /** At most one publication per this interval: a rush changes the quote with almost every order. */
    static final long MIN_INTERVAL_MS = 2_000;

    private long lastPublished;
    private boolean pending;

    private void changed() {
        KitchenLoad.Load now = load.now();
        current = now;
        String key = now.level() + "/" + now.quoteMinutes();
        if (key.equals(published) || pending) {
            return;
        }
        long wait = lastPublished + MIN_INTERVAL_MS - System.currentTimeMillis();
        if (wait > 0) {
            pending = true; // the latest load goes out when the interval is over
            vertx.setTimer(wait, t -> {
                pending = false;
                changed();
            });
            return;
        }
        lastPublished = System.currentTimeMillis();
        published = key;
        screens.state("load", Map.of("level", now.level(), "quoteMinutes", now.quoteMinutes()));
        // derived state, not a record: not forced to disk, and a lost one is published again at the next change or
        // start
        writer.submit(context, false, (c, batch) -> {
                    Outbox.write(c, batch, topics.kitchenLoad(), now, true, clock.instant(), MIRROR);
                    return null;
                })
                .onFailure(e -> {
                    LOG.warn(
                            "kitchen load not published; it will be at the next change [level: {}, error: {}]",
                            now.level(),
                            e.toString());
                    context.runOnContext(v -> published = "");
                });
    }
}
