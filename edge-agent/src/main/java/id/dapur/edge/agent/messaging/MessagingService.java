package id.dapur.edge.agent.messaging;

import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.H2Outbox;
import id.dapur.edge.agent.storage.OutboxEntry;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's MQTT connection and what it publishes: the outbox publisher (every committed
 * {@link OutboxEntry}, confirmed by the broker), the dead letters, and the routes each feature
 * mounts for the topics it takes ({@link MqttRoutes}). The connection is made by {@link #intake},
 * the last service to start, once every feature has mounted its topics; entries committed before it
 * are read back from the outbox on connect. Stopping drains queued commits and their publications,
 * then says OFFLINE.
 */
public final class MessagingService implements Service {
    private static final long DRAIN_MILLIS = 5_000;
    private final Vertx vertx;
    private final Topics topics;
    private final Clock clock;
    private final GroupCommitWriter writer;
    private final MqttRoutes routes = new MqttRoutes();
    private final MqttBus bus;
    private final OutboxPublisher publisher;
    private final DeadLetters deadLetters;
    private final long summaryTimer;

    public MessagingService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            Database db,
            GroupCommitWriter writer,
            BrokerLogin login,
            AgentMetrics metrics,
            Clock clock) {
        this.vertx = vertx;
        this.topics = topics;
        this.clock = clock;
        this.writer = writer;
        this.bus = login.connector()
                .connect(
                        vertx,
                        new MqttBus.Options(
                                login.clientIdPrefix(),
                                routes.subscriptions(),
                                (int) config.mqtt().keepAlive().toSeconds(),
                                topics.agentStatus(),
                                AgentStatus.payload("OFFLINE", clock.instant()),
                                AgentStatus.payload("ONLINE", clock.instant())));
        bus.onMessage(routes::route);
        H2Outbox outbox = new H2Outbox(vertx, db, writer, clock);
        this.publisher = new OutboxPublisher(vertx, bus, outbox, OutboxPublisher.Timing.of(metrics));
        writer.subscribe(OutboxEntry.class, publisher::committed);
        bus.onConnectionChange(publisher::connectionChanged);
        this.deadLetters = new DeadLetters(outbox, publisher, topics.deadLetter(), metrics, clock);
        this.summaryTimer = vertx.setPeriodic(5_000, t -> deadLetters.flushSummaries());
        metrics.gauge("dapur.outbox.backlog", "publications waiting for the broker", publisher::backlog);
    }

    public MqttBus bus() {
        return bus;
    }

    public OutboxPublisher publisher() {
        return publisher;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Where each feature mounts the topics it takes, while it is built. */
    public MqttRoutes routes() {
        return routes;
    }

    /**
     * The last service to start: intake opens and the bus connects, subscribing to every topic the
     * features mounted. Stopping it (the first to stop) closes intake.
     */
    public Service intake(AtomicBoolean open) {
        return new Service() {
            @Override
            public Future<Void> start() {
                open.set(true);
                bus.start(); // completes at the first full connection, which may be much later: not awaited
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> stop() {
                open.set(false);
                return Future.succeededFuture();
            }
        };
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
        boolean idle = writer.queued() == 0 && (publisher.backlog() == 0 || !bus.isConnected());
        if (idle || System.currentTimeMillis() > deadline) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        vertx.setTimer(10, t -> drained(deadline).onComplete(p));
        return p.future();
    }
}
