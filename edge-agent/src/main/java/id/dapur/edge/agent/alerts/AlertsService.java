package id.dapur.edge.agent.alerts;

import id.dapur.edge.agent.messaging.MqttRoutes;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts: the store, their routes, the broker's count of dropped messages (an alert of its own), and
 * the open alerts shown to whoever watches them (the screens, the stack light). A watcher added after
 * the start is shown the open alerts at once.
 */
public final class AlertsService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(AlertsService.class);

    private final H2AlertStore alerts;
    private final List<Consumer<List<Alert>>> watchers = new CopyOnWriteArrayList<>();
    private volatile boolean started;

    public AlertsService(
            Vertx vertx,
            Topics topics,
            Database db,
            GroupCommitWriter writer,
            MqttRoutes routes,
            boolean embeddedBroker,
            AgentMetrics metrics,
            Clock clock) {
        this.alerts = new H2AlertStore(vertx, db, writer, clock, topics.alerts());
        alerts.onChange(a -> alerts.open().onSuccess(this::show).onFailure(AlertsService::unread));
        alerts.onNotStored(
                record -> metrics.counter("dapur.records.not_stored", "record", record.replaceAll("^\\d+ ", ""))
                        .increment());
        BrokerDrops drops = new BrokerDrops(alerts, metrics, embeddedBroker);
        routes.mount(Topics.BROKER_DROPPED, m -> {
            drops.reported(m.payload());
            m.ack().run();
        });
    }

    public Alerts alerts() {
        return alerts;
    }

    /** Shows {@code watcher} the open alerts each time they change (and now, if already started). */
    public void watch(Consumer<List<Alert>> watcher) {
        watchers.add(watcher);
        if (started) {
            alerts.open().onSuccess(watcher::accept).onFailure(AlertsService::unread);
        }
    }

    public void mount(Router r) {
        new AlertsApi(alerts).mount(r);
    }

    @Override
    public Future<Void> start() {
        return alerts.open()
                .onSuccess(open -> {
                    started = true;
                    show(open);
                })
                .mapEmpty();
    }

    /** The open alerts could not be read: screens and the stack light keep what they show until the next change. */
    private static void unread(Throwable e) {
        LOG.error(
                "open alerts could not be read; screens and the stack light show them at the next change [error: {}]",
                e.toString());
    }

    private void show(List<Alert> open) {
        watchers.forEach(w -> w.accept(open));
    }
}
