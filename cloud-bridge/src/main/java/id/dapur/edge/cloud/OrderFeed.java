package id.dapur.edge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders from the back office (delivery platforms: GrabFood, GoFood, ShopeeFood), pulled by
 * long-polling the cloud's order feed from the last cursor the agent stored. Each order goes through
 * the same intake as a POS order (validation, idempotency by {@code orderId}), one at a time in feed
 * order. Then, in one unit of work, the page's results (accepted, duplicate, rejected with a code) are
 * queued for the cloud through the outbox and the new cursor is stored. A crash before that stores
 * nothing: the page is pulled again and its orders answer DUPLICATE, so each order reaches the kitchen
 * exactly once. A result that storage trouble left undecided stops the page; it is pulled again later.
 */
public final class OrderFeed {
    private static final Logger LOG = LoggerFactory.getLogger(OrderFeed.class);

    /** One entry of the feed: the platform's ids, and the order as the contract (possibly malformed). */
    public record FeedOrder(String feedId, String platform, String platformOrderId, JsonNode order) {}

    /** A page of the feed and the cursor to ask from next. */
    public record Page(List<FeedOrder> orders, String cursor) {}

    /** What became of one feed order. */
    public sealed interface Outcome permits Taken, Refused, Undecided {}

    /** Accepted now, or a repeat of one accepted before; {@code readyBy}: the kitchen's estimate (ISO-8601), may be null. */
    public record Taken(String orderId, boolean duplicate, String readyBy) implements Outcome {}

    /** Refused: malformed or invalid, with the code and message the POS would get. Dead-lettered by the intake. */
    public record Refused(String orderId, String code, String message) implements Outcome {}

    /** Not decided (storage trouble): try the page again later. */
    public record Undecided(String reason) implements Outcome {}

    /** The agent's intake, for feed orders. */
    @FunctionalInterface
    public interface Intake {
        Future<Outcome> take(FeedOrder order);
    }

    /** Where the cursor lives, and how a page's results and the new cursor are stored together. */
    public interface Checkpoint {
        Future<String> cursor();

        Future<Void> save(String cursor, List<Map<String, Object>> results);
    }

    private final Vertx vertx;
    private final Intake intake;
    private final Checkpoint checkpoint;
    private final LongPoll<Page> loop;
    private volatile String cursor;

    public OrderFeed(
            Vertx vertx, CloudClient client, Intake intake, Checkpoint checkpoint, Reachability reach, Duration wait) {
        this.vertx = vertx;
        this.intake = intake;
        this.checkpoint = checkpoint;
        int waitSeconds = (int) Math.max(1, wait.toSeconds());
        this.loop = new LongPoll<>(vertx, reach, () -> client.orderFeed(cursor, waitSeconds), this::taken);
    }

    public void start() {
        checkpoint.cursor().onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn(
                        "order feed: cannot read its cursor; will try again [error: {}]",
                        ar.cause().toString());
                vertx.setTimer(5000, t -> start());
                return;
            }
            cursor = ar.result();
            loop.start();
        });
    }

    public void stop() {
        loop.stop();
    }

    /** Takes a page's orders one by one, then stores their results with the new cursor; a page not taken whole is pulled again in 2 s. */
    private Future<?> taken(Page page) {
        return take(page.orders(), 0, new ArrayList<>())
                .compose(results -> {
                    if (page.orders().isEmpty() && Objects.equals(page.cursor(), cursor)) {
                        return Future.succeededFuture();
                    }
                    return checkpoint.save(page.cursor(), results).onSuccess(v -> cursor = page.cursor());
                })
                .recover(e -> {
                    LOG.warn(
                            "order feed: a page was not taken whole; it will be pulled again [error: {}]",
                            e.getMessage());
                    return loop.after(Duration.ofSeconds(2));
                });
    }

    private Future<List<Map<String, Object>>> take(List<FeedOrder> orders, int i, List<Map<String, Object>> results) {
        if (i >= orders.size() || !loop.running()) {
            return loop.running() ? Future.succeededFuture(results) : Future.failedFuture("stopped");
        }
        FeedOrder o = orders.get(i);
        return intake.take(o).compose(outcome -> {
            if (outcome instanceof Undecided u) {
                return Future.failedFuture(u.reason());
            }
            results.add(result(o, outcome));
            return take(orders, i + 1, results);
        });
    }

    /** The cloud's record of one feed order: {@code FEED_ORDER_RESULT} (docs/cloud-api.md). */
    static Map<String, Object> result(FeedOrder o, Outcome outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feedId", o.feedId());
        m.put("platform", o.platform());
        m.put("platformOrderId", o.platformOrderId());
        if (outcome instanceof Taken t) {
            m.put("orderId", t.orderId());
            m.put("result", t.duplicate() ? "DUPLICATE" : "ACCEPTED");
            if (t.readyBy() != null) {
                m.put("readyBy", t.readyBy());
            }
        } else if (outcome instanceof Refused r) {
            if (r.orderId() != null) {
                m.put("orderId", r.orderId());
            }
            m.put("result", "REJECTED");
            m.put("code", r.code());
            m.put("message", r.message());
        }
        return m;
    }
}
