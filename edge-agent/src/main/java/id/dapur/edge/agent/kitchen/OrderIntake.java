package id.dapur.edge.agent.kitchen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.agent.messaging.DeadLetters;
import id.dapur.edge.agent.messaging.OutboxPublisher;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.orders.Order;
import id.dapur.edge.agent.orders.OrderEvent;
import id.dapur.edge.agent.orders.OrderParser;
import id.dapur.edge.agent.orders.VoidRequest;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The one way orders and voids come in, for MQTT and HTTP alike: validate, store durably, and
 * answer. ACCEPTED is published from the outbox after the commit is on disk; DUPLICATE and REJECTED
 * are published right away. A rejected input is dead-lettered and changes nothing.
 */
public final class OrderIntake {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrderIntake.class);
    private final OrderStore store;
    private final OutboxPublisher publisher;
    private final DeadLetters deadLetters;
    private final Topics topics;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final BooleanSupplier open;

    public OrderIntake(
            OrderStore store,
            OutboxPublisher publisher,
            DeadLetters deadLetters,
            Topics topics,
            AgentMetrics metrics,
            Clock clock,
            BooleanSupplier open) {
        this.store = store;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
        this.open = open;
    }

    /** Completes with the acceptance, or fails with a {@link Problem.Failure}. */
    public Future<OrderStore.Acceptance> submit(byte[] payload, String from) {
        return accept(payload, from, System.nanoTime());
    }

    /**
     * As {@link #submit(byte[], String)}, for an order the transport received on its own thread at
     * {@code receivedNanos}: the hand-off to the event loop is timed too.
     */
    public Future<OrderStore.Acceptance> submit(byte[] payload, String from, long receivedNanos) {
        metrics.orderStage(AgentMetrics.OrderStage.HANDOFF, System.nanoTime() - receivedNanos);
        return accept(payload, from, receivedNanos);
    }

    private Future<OrderStore.Acceptance> accept(byte[] payload, String from, long receivedNanos) {
        long start = System.nanoTime();
        if (!open.getAsBoolean()) {
            return Future.failedFuture(Problem.of(ErrorCode.INTAKE_CLOSED, "the agent is not taking orders right now")
                    .asFailure());
        }
        JsonNode node = null;
        Order order;
        try {
            node = Payloads.parseObject(payload);
            order = OrderParser.parse(node);
        } catch (Problem.Failure f) {
            return reject(from, payload, OrderParser.orderIdOrNull(node), f);
        }
        metrics.orderStage(AgentMetrics.OrderStage.PARSE, System.nanoTime() - start);
        return store.accept(order).transform(ar -> {
            if (ar.succeeded()) {
                if (ar.result().duplicate()) {
                    metrics.duplicate();
                    publisher.transientMessage(
                            topics.orderEvents(order.orderId()),
                            Json.write(new OrderEvent(
                                    order.orderId(),
                                    "DUPLICATE",
                                    clock.instant(),
                                    null,
                                    null,
                                    ar.result().tickets().stream()
                                            .map(t -> t.ticketId())
                                            .toList(),
                                    null)));
                } else {
                    metrics.accepted(receivedNanos);
                }
                return Future.succeededFuture(ar.result());
            }
            // classified where it happened (the writer, or the order's own rules): only a refusal is REJECTED
            if (ar.cause() instanceof Problem.Failure f
                    && f.problem().error().mqttAnswer() == ErrorCode.MqttAnswer.REJECTED) {
                return reject(from, payload, order.orderId(), f);
            }
            if (ar.cause() instanceof Problem.Failure f) {
                metrics.notStored();
                LOG.warn(
                        "order not stored; the POS will resend it [order: {}, code: {}, reason: {}]",
                        order.orderId(),
                        f.problem().code(),
                        f.problem().message());
                return Future.failedFuture(f);
            }
            metrics.notStored();
            LOG.error(
                    "order failed unexpectedly; not stored, the POS will resend it [order: {}]",
                    order.orderId(),
                    ar.cause());
            return Future.failedFuture(Problem.of(
                            ErrorCode.INTERNAL_ERROR,
                            "the agent could not process this order ("
                                    + ar.cause().getClass().getSimpleName() + "); send it again")
                    .asFailure());
        });
    }

    private <T> Future<T> reject(String from, byte[] payload, String orderId, Problem.Failure f) {
        metrics.rejected();
        deadLetters.record(from, f.problem(), payload);
        if (orderId != null) {
            publisher.transientMessage(
                    topics.orderEvents(orderId),
                    Json.write(OrderEvent.rejected(
                            orderId, f.problem().code(), f.problem().message(), clock.instant())));
        }
        return Future.failedFuture(f);
    }

    /** Voids a whole order or some of its lines; {@code pathOrderId} (HTTP) must agree with the body. */
    public Future<OrderStore.VoidResult> voidOrder(byte[] payload, String from, String pathOrderId) {
        if (!open.getAsBoolean()) {
            return Future.failedFuture(Problem.of(ErrorCode.INTAKE_CLOSED, "the agent is not taking voids right now")
                    .asFailure());
        }
        VoidRequest request;
        try {
            JsonNode node = Payloads.parseObject(payload);
            if (pathOrderId != null && !node.has("orderId")) {
                ((ObjectNode) node).put("orderId", pathOrderId);
            }
            request = VoidRequest.parse(node);
            if (pathOrderId != null && !pathOrderId.equals(request.orderId())) {
                throw Payloads.invalid(ErrorCode.INVALID_VOID, "orderId", "does not match the order in the path")
                        .asFailure();
            }
        } catch (Problem.Failure f) {
            deadLetters.record(from, f.problem(), payload);
            return Future.failedFuture(f);
        }
        return store.voidOrder(request, from).onFailure(e -> {
            if (e instanceof Problem.Failure f) {
                deadLetters.record(from, f.problem(), payload);
            }
        });
    }
}
