package id.dapur.edge.cloud.fake;

import io.vertx.ext.web.RoutingContext;

/**
 * What the fake cloud was told to do wrong: fail with a status (5xx, or 429 with Retry-After) a
 * number of times or until healed, stall event batches (with or without applying them first), drop
 * every connection. The first route handler of every request.
 */
final class FakeFaults {
    private volatile int failStatus;
    private volatile int failTimes; // < 0: until healed
    private volatile boolean stall;
    volatile boolean applyThenStall;
    volatile boolean drop;

    void fail(int status, int times) {
        failStatus = status;
        failTimes = times;
    }

    void stall(boolean on) {
        stall = on;
    }

    void heal() {
        failTimes = 0;
        stall = false;
        applyThenStall = false;
        drop = false;
    }

    void handle(RoutingContext ctx) {
        if (drop) {
            ctx.request().connection().close();
            return;
        }
        if (failTimes != 0 && !ctx.request().path().startsWith("/fake")) {
            if (failTimes > 0) {
                failTimes--;
            }
            if (failStatus == 429) {
                ctx.response().putHeader("Retry-After", "1");
            }
            FakeHttp.error(
                    ctx,
                    failStatus,
                    failStatus == 429 ? "TOO_MANY_REQUESTS" : "UNAVAILABLE",
                    "the fake cloud was told to fail");
            return;
        }
        if (stall && ctx.request().path().endsWith("/events")) {
            return; // never answered
        }
        ctx.next();
    }
}
