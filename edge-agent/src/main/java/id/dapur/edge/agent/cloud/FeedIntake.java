package id.dapur.edge.agent.cloud;

import id.dapur.edge.agent.kitchen.OrderIntake;
import id.dapur.edge.agent.messaging.DeadLetters;
import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.cloud.CloudEventType;
import id.dapur.edge.cloud.OrderFeed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The agent's side of the cloud's order feed: each feed order goes through the POS intake
 * ({@link OrderIntake}: validation, idempotency, dead letters for what is refused), and a page's
 * results go to the cloud through the outbox in the unit of work that stores the new cursor.
 */
public final class FeedIntake implements OrderFeed.Intake, OrderFeed.Checkpoint {
    static final String FEED = "orders";
    private final Vertx vertx;
    private final Database db;
    private final GroupCommitWriter writer;
    private final OrderIntake intake;
    private final DeadLetters deadLetters;
    private final LongSupplier quoteMinutes;
    private final Clock clock;

    public FeedIntake(
            Vertx vertx,
            Database db,
            GroupCommitWriter writer,
            OrderIntake intake,
            DeadLetters deadLetters,
            LongSupplier quoteMinutes,
            Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.writer = writer;
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.quoteMinutes = quoteMinutes;
        this.clock = clock;
    }

    @Override
    public Future<OrderFeed.Outcome> take(OrderFeed.FeedOrder o) {
        String from = "cloud:feed/" + (o.platform().isEmpty() ? "unknown" : o.platform());
        if (o.order() == null || !o.order().isObject()) {
            Problem p = Problem.of(ErrorCode.INVALID_ORDER, "feed entry " + o.feedId() + " has no order object");
            deadLetters.record(
                    from, p, Json.bytes(Map.of("feedId", o.feedId(), "platformOrderId", o.platformOrderId())));
            return Future.succeededFuture(new OrderFeed.Refused(null, p.code(), p.message()));
        }
        String orderId = o.order().path("orderId").asText(null);
        return intake.submit(Json.bytes(o.order()), from)
                .<OrderFeed.Outcome>map(a -> new OrderFeed.Taken(
                        a.orderId(),
                        a.duplicate(),
                        clock.instant()
                                .plus(Duration.ofMinutes(quoteMinutes.getAsLong()))
                                .toString()))
                .recover(e -> {
                    if (e instanceof Problem.Failure f && !f.problem().retryable()) {
                        return Future.succeededFuture(new OrderFeed.Refused(
                                orderId, f.problem().code(), f.problem().message()));
                    }
                    return Future.succeededFuture(
                            new OrderFeed.Undecided(e.getMessage() == null ? e.toString() : e.getMessage()));
                });
    }

    @Override
    public Future<String> cursor() {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection()) {
                        return H2CommandJournal.feedCursor(c, FEED);
                    }
                },
                false);
    }

    @Override
    public Future<Void> save(String cursor, List<Map<String, Object>> results) {
        if (cursor != null && cursor.length() > 200) {
            return Future.failedFuture(
                    new IllegalArgumentException("the cloud's cursor is longer than 200 characters"));
        }
        return writer.submit(vertx.getOrCreateContext(), true, (c, batch) -> {
            Instant now = clock.instant();
            for (Map<String, Object> r : results) {
                CloudRows.add(c, batch, CloudEventType.FEED_ORDER_RESULT, r, now);
            }
            if (cursor != null) {
                H2CommandJournal.saveFeedCursor(c, FEED, cursor, now);
            }
            return null;
        });
    }
}
