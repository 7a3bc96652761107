package id.dapur.edge.agent.demo;

import id.dapur.edge.agent.support.Json;
import id.dapur.edge.cloud.fake.FakeCloud;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery platforms for the demo: the fake back office puts a GrabFood, GoFood or ShopeeFood order on
 * the outlet's order feed every so often, and the agent pulls it like the real cloud's.
 */
public final class DemoDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoDelivery.class);
    private static final String[] PLATFORMS = {"GRABFOOD", "GOFOOD", "SHOPEEFOOD"};
    private static final String[] PREFIX = {"GF", "GO", "SF"};
    private final Vertx vertx;
    private final FakeCloud cloud;
    private final String outletId;
    private final Random rnd = new Random();
    private long timer = -1;
    private int n;

    public DemoDelivery(Vertx vertx, FakeCloud cloud, String outletId) {
        this.vertx = vertx;
        this.cloud = cloud;
        this.outletId = outletId;
    }

    /** {@code perMinute} delivery orders a minute, at random intervals. */
    public void start(double perMinute) {
        if (perMinute <= 0) {
            return;
        }
        schedule(perMinute);
    }

    private void schedule(double perMinute) {
        long mean = (long) (60_000 / perMinute);
        timer = vertx.setTimer(Math.max(200, (long) (mean * (0.5 + rnd.nextDouble()))), t -> {
            int p = rnd.nextInt(PLATFORMS.length);
            String code = PREFIX[p] + "-"
                    + Integer.toString(100_000 + rnd.nextInt(900_000), 36).toUpperCase(Locale.ROOT);
            n++;
            cloud.feedOrder(
                    outletId,
                    "feed-" + n,
                    PLATFORMS[p],
                    code,
                    Json.tree(Json.write(Menu.platformOrder(rnd, code, PLATFORMS[p], code, Instant.now()))));
            LOG.info("demo back office: {} order {} on the order feed", PLATFORMS[p], code);
            schedule(perMinute);
        });
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
