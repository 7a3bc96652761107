package id.dapur.edge.agent.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.messaging.broker.BrokerTap;
import id.dapur.edge.agent.messaging.broker.EmbeddedBroker;
import id.dapur.edge.agent.messaging.broker.Message;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.agent.web.HttpApi;
import id.dapur.edge.contract.Contract;
import id.dapur.edge.contract.HttpOperations;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the sandbox meets the POS: on the embedded broker (what the POS publishes, subscribes to and
 * is sent) and in front of the HTTP API (what it sends, and the answer), reporting all of it to the
 * {@link PosWatch} and carrying out the fault it orders for a send. Only the POS's own accounts and
 * tokens are touched; screens and the agent's own clients pass as they would.
 */
final class SandboxTap implements BrokerTap, Handler<RoutingContext> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PosWatch watch;
    private final Topics topics;
    private volatile EmbeddedBroker broker;

    SandboxTap(PosWatch watch, Topics topics) {
        this.watch = watch;
        this.topics = topics;
    }

    /** The broker of the agent that runs now (a new one after each restart). */
    void broker(EmbeddedBroker broker) {
        this.broker = broker;
    }

    // ---- MQTT

    @Override
    public void connected(String clientId, String user, boolean cleanSession, boolean sessionPresent) {
        if (watch.watches(user)) {
            watch.connected(clientId, user, cleanSession);
        }
    }

    @Override
    public void disconnected(String clientId, String user, boolean graceful) {
        if (watch.watches(user)) {
            watch.disconnected(clientId, graceful);
        }
    }

    @Override
    public Verdict published(String clientId, String user, Message m) {
        if (!watch.watches(user)) {
            return Verdict.ROUTE;
        }
        if (m.topic().equals(topics.ordersIn())) {
            Fault f = watch.order(PosWatch.Via.MQTT, user, m.qos(), m.payload()).fault();
            if (f == Fault.UNAVAILABLE) {
                return Verdict.SWALLOW;
            }
            if (f == Fault.DROP) {
                EmbeddedBroker b = broker;
                if (b != null) {
                    b.drop(clientId, "sandbox fault: drop"); // runs after this PUBLISH is routed and acknowledged
                }
            }
            return Verdict.ROUTE;
        }
        String schema =
                Contract.get().channels().of(m.topic()).map(c -> c.schema()).orElse(null);
        watch.other(PosWatch.Via.MQTT, user, m.topic(), schema, m.payload());
        return Verdict.ROUTE;
    }

    @Override
    public void refused(String clientId, String user, String topic, String why) {
        if (watch.watches(user)) {
            watch.refused(user, topic, why);
        }
    }

    @Override
    public void subscribed(String clientId, String user, String filter, int returnCode) {
        if (watch.watches(user)) {
            watch.subscribed(clientId, user, filter, returnCode);
        }
    }

    @Override
    public boolean delivering(String clientId, String user, Message m) {
        if (!watch.watches(user)) {
            return true;
        }
        String orderId = topics.orderOfEvents(m.topic());
        if (orderId == null) {
            return true;
        }
        JsonNode event;
        try {
            event = JSON.readTree(m.payload());
        } catch (IOException e) {
            return true;
        }
        return watch.answer(orderId, event.path("event").asText(""), text(event, "code"), text(event, "message"));
    }

    // ---- HTTP

    @Override
    public void handle(RoutingContext ctx) {
        Caller caller = HttpApi.callerOf(ctx);
        if (caller == null || !watch.watches(caller.name())) {
            ctx.next();
            return;
        }
        byte[] body =
                ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String path = ctx.request().path();
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.POST && path.equals("/api/v1/orders")) {
            order(ctx, caller, body);
            return;
        }
        Optional<HttpOperations.Operation> op = Contract.get().operations().of(method.name(), path);
        String schema = op.flatMap(HttpOperations.Operation::requestSchema)
                .map(HttpOperations.Located::name)
                .orElse(null);
        watch.other(PosWatch.Via.HTTP, caller.name(), method + " " + path, body.length == 0 ? null : schema, body);
        ctx.next();
    }

    private void order(RoutingContext ctx, Caller caller, byte[] body) {
        PosWatch.Attempt a = watch.order(PosWatch.Via.HTTP, caller.name(), 1, body);
        if (a.fault() == Fault.UNAVAILABLE) {
            HttpApi.refuse(
                    ctx, ErrorCode.STORAGE_UNAVAILABLE, "sandbox fault: the order could not be stored; send it again");
            return;
        }
        if (a.fault() == Fault.DROP) {
            ctx.request().connection().close();
            return;
        }
        if (a.orderId() != null) {
            ctx.addHeadersEndHandler(v -> {
                int status = ctx.response().getStatusCode();
                Problem p = HttpApi.answeredProblem(ctx);
                String event = status == 201
                        ? "ACCEPTED"
                        : status == 200 ? "DUPLICATE" : p != null && !p.retryable() ? "REJECTED" : null;
                if (event != null
                        && !watch.answer(
                                a.orderId(), event, p == null ? null : p.code(), p == null ? null : p.message())) {
                    ctx.request().connection().close(); // the answer never arrives
                }
            });
        }
        ctx.next();
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
