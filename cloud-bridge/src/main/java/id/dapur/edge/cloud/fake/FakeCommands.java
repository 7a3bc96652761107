package id.dapur.edge.cloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fake cloud's command queues per outlet: long-polls wait here, results are recorded here. */
final class FakeCommands {
    private final Vertx vertx;
    private final Map<String, List<ObjectNode>> queued = new HashMap<>();
    private final Map<String, List<RoutingContext>> waiting = new HashMap<>();
    private final List<JsonNode> results = Collections.synchronizedList(new ArrayList<>());

    FakeCommands(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Queues a command; a waiting long-poll is answered at once. */
    void queue(String outletId, ObjectNode command) {
        List<RoutingContext> w;
        synchronized (this) {
            queued.computeIfAbsent(outletId, k -> new ArrayList<>()).add(command);
            w = waiting.remove(outletId);
        }
        if (w != null) {
            w.forEach(ctx -> ctx.vertx().runOnContext(v -> answer(ctx, outletId)));
        }
    }

    void poll(RoutingContext ctx, String outlet, int waitSeconds) {
        synchronized (this) {
            if (queued.getOrDefault(outlet, List.of()).isEmpty()) {
                waiting.computeIfAbsent(outlet, k -> new ArrayList<>()).add(ctx);
                vertx.setTimer(Math.max(1, waitSeconds * 1000L), t -> {
                    boolean mine;
                    synchronized (this) {
                        List<RoutingContext> w = waiting.get(outlet);
                        mine = w != null && w.remove(ctx);
                    }
                    if (mine && !ctx.response().ended()) {
                        FakeHttp.json(ctx, 200, Map.of("commands", List.of()));
                    }
                });
                return;
            }
        }
        answer(ctx, outlet);
    }

    private void answer(RoutingContext ctx, String outlet) {
        List<ObjectNode> list;
        synchronized (this) {
            list = queued.remove(outlet);
            if (ctx.response().ended() || ctx.response().closed()) {
                if (list != null) {
                    queued.computeIfAbsent(outlet, k -> new ArrayList<>()).addAll(0, list);
                }
                return;
            }
        }
        FakeHttp.json(ctx, 200, Map.of("commands", list == null ? List.of() : list));
    }

    void result(String commandId, JsonNode body) {
        ObjectNode rec = ((ObjectNode) body).deepCopy();
        rec.put("commandId", commandId);
        results.add(rec);
    }

    /** The last result reported for a command, or null. */
    JsonNode resultOf(String commandId) {
        synchronized (results) {
            for (int i = results.size() - 1; i >= 0; i--) {
                if (results.get(i).path("commandId").asText().equals(commandId)) {
                    return results.get(i);
                }
            }
        }
        return null;
    }

    List<JsonNode> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }
}
