package id.dapur.edge.agent;

import id.dapur.edge.agent.messaging.broker.BrokerTap;
import id.dapur.edge.agent.messaging.broker.EmbeddedBroker;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * What a tool that runs an agent (the POS sandbox) may hook into: the embedded broker's clients
 * ({@code broker}, and the broker itself once it listens), the API's requests once their caller is
 * known and their body read ({@code apiGate}: it calls {@code next()} to let a request through, or
 * answers it itself), and routes of its own beside the agent's ({@code mount}). A running kitchen
 * has {@link #NONE}.
 */
public record AgentHooks(
        BrokerTap broker,
        Consumer<EmbeddedBroker> brokerStarted,
        Handler<RoutingContext> apiGate,
        Consumer<Router> mount) {
    public static final AgentHooks NONE = new AgentHooks(BrokerTap.NONE, b -> {}, null, r -> {});
}
