package id.dapur.edge.agent.support;

import id.dapur.edge.agent.messaging.OutboxPublisher;
import id.dapur.edge.agent.storage.OrderStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every rejected input: recorded in H2 (last 10,000 kept) and published on {@code deadletter}. */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private final OrderStore store;
    private final OutboxPublisher publisher;
    private final String topic;
    private final AgentMetrics metrics;
    private final Clock clock;

    public DeadLetters(OrderStore store, OutboxPublisher publisher, String topic, AgentMetrics metrics, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.topic = topic;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void record(String from, Problem problem, byte[] payload) {
        String excerpt = Payloads.excerpt(payload);
        metrics.deadLetter();
        LOG.debug("input rejected [from: {}, code: {}, reason: {}]", from, problem.code(), problem.message());
        store.deadLetter(from, problem.code(), problem.message(), excerpt)
                .onFailure(e -> LOG.warn("could not store dead letter [code: {}, error: {}]", problem.code(), e.getMessage()));
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("code", problem.code());
        reason.put("message", problem.message());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", from);
        body.put("reason", reason);
        body.put("payloadExcerpt", excerpt);
        body.put("ts", clock.instant().toString());
        publisher.transientMessage(topic, Json.write(body));
    }
}
