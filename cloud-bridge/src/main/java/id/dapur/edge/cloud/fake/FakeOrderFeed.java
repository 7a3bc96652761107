package id.dapur.edge.cloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake cloud's order feed per outlet (delivery orders the back office took from the platforms):
 * entries in order, the cursor is the index of the next one, long-polls wait here. {@link #replay}
 * makes it serve from the start whatever the cursor says, as a cloud that lost track would.
 */
final class FakeOrderFeed {
    static final int PAGE = 50;
    private final Vertx vertx;
    private final Map<String, List<JsonNode>> entries = new HashMap<>();
    private final Map<String, List<Runnable>> waiting = new HashMap<>();
    private volatile boolean replay;
    private int polls;

    FakeOrderFeed(Vertx vertx) {
        this.vertx = vertx;
    }

    void replay(boolean on) {
        replay = on;
    }

    synchronized int polls() {
        return polls;
    }

    /** Adds an entry {@code {"feedId", "platform", "platformOrderId", "order"}}; a waiting long-poll is answered. */
    void add(String outletId, JsonNode entry) {
        List<Runnable> w;
        synchronized (this) {
            entries.computeIfAbsent(outletId, k -> new ArrayList<>()).add(entry);
            w = waiting.remove(outletId);
        }
        if (w != null) {
            w.forEach(Runnable::run);
        }
    }

    void poll(RoutingContext ctx, String outlet, String after, int waitSeconds) {
        int from;
        try {
            from = replay || after == null || after.isEmpty() ? 0 : Integer.parseInt(after);
        } catch (NumberFormatException e) {
            FakeHttp.error(ctx, 400, "INVALID_CURSOR", "cursor '" + after + "' was not made by this feed");
            return;
        }
        synchronized (this) {
            polls++;
            if (entries.getOrDefault(outlet, List.of()).size() <= from) {
                Runnable answer = () -> ctx.vertx().runOnContext(v -> answer(ctx, outlet, from));
                waiting.computeIfAbsent(outlet, k -> new ArrayList<>()).add(answer);
                vertx.setTimer(Math.max(1, waitSeconds * 1000L), t -> {
                    boolean mine;
                    synchronized (this) {
                        List<Runnable> w = waiting.get(outlet);
                        mine = w != null && w.remove(answer);
                    }
                    if (mine) {
                        answer.run();
                    }
                });
                return;
            }
        }
        answer(ctx, outlet, from);
    }

    private void answer(RoutingContext ctx, String outlet, int from) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        List<JsonNode> page;
        synchronized (this) {
            List<JsonNode> all = entries.getOrDefault(outlet, List.of());
            page = new ArrayList<>(all.subList(Math.min(from, all.size()), Math.min(all.size(), from + PAGE)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orders", page);
        body.put("cursor", Integer.toString(from + page.size()));
        FakeHttp.json(ctx, 200, body);
    }

    static ObjectNode entry(String feedId, String platform, String platformOrderId, JsonNode order) {
        ObjectNode e = FakeHttp.JSON.createObjectNode();
        e.put("feedId", feedId);
        e.put("platform", platform);
        e.put("platformOrderId", platformOrderId);
        e.set("order", order);
        return e;
    }
}
