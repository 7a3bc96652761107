package id.dapur.edge.agent.kitchen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.agent.messaging.DeadLetters;
import id.dapur.edge.agent.messaging.OutboxPublisher;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Actions from kitchen screens, over MQTT and HTTP. A screen acts only on tickets of the station
 * it is allowed ({@code allowedStation}, null for admin); a refused action changes nothing, is
 * dead-lettered, and its result is published on {@code kds/<station>/results} (extension) so a
 * screen learns why.
 */
public final class TicketDesk {
    private final OrderStore store;
    private final StationRouter router;
    private final OutboxPublisher publisher;
    private final DeadLetters deadLetters;
    private final AgentMetrics metrics;
    private final Topics topics;

    public TicketDesk(
            OrderStore store,
            StationRouter router,
            OutboxPublisher publisher,
            DeadLetters deadLetters,
            AgentMetrics metrics,
            Topics topics) {
        this.store = store;
        this.router = router;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.topics = topics;
    }

    public Future<OrderStore.ActionResult> act(
            byte[] payload, String from, String allowedStation, String pathTicketId) {
        ActionRequest request;
        try {
            JsonNode node = Payloads.parseObject(payload);
            if (pathTicketId != null && !node.has("ticketId")) {
                ((ObjectNode) node).put("ticketId", pathTicketId);
            }
            request = ActionRequest.parse(node);
            if (pathTicketId != null && !pathTicketId.equals(request.ticketId())) {
                throw Payloads.invalid(ErrorCode.INVALID_ACTION, "ticketId", "does not match the ticket in the path")
                        .asFailure();
            }
            if (!router.knows(request.station())) {
                throw Problem.of(ErrorCode.UNKNOWN_TICKET, "no station '" + request.station() + "' at this outlet")
                        .asFailure();
            }
            if (allowedStation != null && !allowedStation.equals(request.station())) {
                throw Problem.of(
                                ErrorCode.FORBIDDEN_STATION,
                                "a " + allowedStation + " screen may not act on " + request.station() + " tickets")
                        .asFailure();
            }
        } catch (Problem.Failure f) {
            refused(from, payload, null, allowedStation, f.problem());
            return Future.failedFuture(f);
        }
        return store.act(request, from, allowedStation)
                .onSuccess(r -> {
                    metrics.action(true);
                    publishResult(request.station(), request.actionId(), null);
                })
                .onFailure(e -> {
                    if (e instanceof Problem.Failure f) {
                        refused(from, payload, request.actionId(), request.station(), f.problem());
                    }
                });
    }

    private void refused(String from, byte[] payload, String actionId, String station, Problem p) {
        metrics.action(false);
        deadLetters.record(from, p, payload);
        if (actionId != null && station != null) {
            publishResult(station, actionId, p);
        }
    }

    private void publishResult(String station, String actionId, Problem p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("actionId", actionId);
        body.put("ok", p == null);
        if (p != null) {
            body.put("error", Map.of("code", p.code(), "message", p.message()));
        }
        publisher.transientMessage(topics.results(station), Json.write(body));
    }
}
