package id.dapur.edge.agent;

import id.dapur.edge.agent.messaging.DeadLetters;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.OutboxPublisher;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.H2Outbox;
import id.dapur.edge.agent.storage.OutboxEntry;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The agent's MQTT connection and what it publishes: the outbox publisher (every committed
 * {@link OutboxEntry}, confirmed by the broker) and the dead letters. The connection is made by
 * {@link IntakeService}, last; entries committed before it are read back from the outbox on connect.
 * Stopping drains queued commits and their publications, then says OFFLINE.
 */
final class MessagingService implements Service {
    private static final long DRAIN_MILLIS = 5_000;
    private final Vertx vertx;
    private final Topics topics;
    private final Clock clock;
    private final StorageService storage;
    final MqttBus bus;
    final OutboxPublisher publisher;
    final DeadLetters deadLetters;
    private final long summaryTimer;

    MessagingService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            StorageService storage,
            BrokerService broker,
            AgentMetrics metrics,
            Clock clock) {
        this.vertx = vertx;
        this.topics = topics;
        this.clock = clock;
        this.storage = storage;
        BrokerService.Login login = broker.login();
        this.bus = MqttBus.create(
                vertx,
                new MqttBus.Options(
                        login.url(),
                        login.username(),
                        login.password().reveal(),
                        login.clientId(),
                        MqttRoutes.subscriptions(config, topics),
                        (int) config.mqtt().keepAlive().toSeconds(),
                        topics.agentStatus(),
                        AgentStatus.payload("OFFLINE", clock.instant()),
                        AgentStatus.payload("ONLINE", clock.instant()),
                        login.external()));
        H2Outbox outbox = new H2Outbox(vertx, storage.db, storage.writer, clock);
        this.publisher = new OutboxPublisher(vertx, bus, outbox, OutboxPublisher.Timing.of(metrics));
        storage.writer.subscribe(OutboxEntry.class, publisher::committed);
        bus.onConnectionChange(publisher::connectionChanged);
        this.deadLetters = new DeadLetters(outbox, publisher, topics.deadLetter(), metrics, clock);
        this.summaryTimer = vertx.setPeriodic(5_000, t -> deadLetters.flushSummaries());
        metrics.gauge("dapur.outbox.backlog", "publications waiting for the broker", publisher::backlog);
    }

    @Override
    public Future<Void> stop() {
        vertx.cancelTimer(summaryTimer);
        return drained(System.currentTimeMillis() + DRAIN_MILLIS)
                .compose(v -> publisher.flush().otherwiseEmpty())
                .compose(v -> bus.stop(topics.agentStatus(), AgentStatus.payload("OFFLINE", clock.instant()))
                        .otherwiseEmpty());
    }

    /** Waits (up to a deadline) until queued commits are written and their publications confirmed. */
    private Future<Void> drained(long deadline) {
        boolean idle = storage.writer.queued() == 0 && (publisher.backlog() == 0 || !bus.isConnected());
        if (idle || System.currentTimeMillis() > deadline) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        vertx.setTimer(10, t -> drained(deadline).onComplete(p));
        return p.future();
    }
}
