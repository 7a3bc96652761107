package id.dapur.edge.agent;

import id.dapur.edge.agent.alerts.Alert;
import id.dapur.edge.agent.alerts.H2AlertStore;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.signals.KitchenSignals;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.devices.gpio.GpioBoard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;

/**
 * Alerts: stored, published, shown on every kitchen screen and on the stack light and
 * buzzer when GPIO is configured. Records that could not be stored are counted by kind.
 */
final class AlertsService implements Service {
    private final Vertx vertx;
    private final KitchenService kitchen;
    final H2AlertStore alerts;
    final KitchenSignals signals;

    AlertsService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            StorageService storage,
            KitchenService kitchen,
            GpioBoard gpio,
            AgentMetrics metrics,
            Clock clock) {
        this.vertx = vertx;
        this.kitchen = kitchen;
        this.alerts = new H2AlertStore(vertx, storage.db, storage.writer, clock, topics.alerts());
        this.signals = gpio == null ? null : new KitchenSignals(vertx, config.gpio(), gpio, alerts, clock);
        alerts.onChange(a -> alerts.open().onSuccess(this::show));
        alerts.onNotStored(
                record -> metrics.counter("dapur.records.not_stored", "record", record.replaceAll("^\\d+ ", ""))
                        .increment());
    }

    @Override
    public Future<Void> start() {
        return alerts.open().onSuccess(this::show).mapEmpty();
    }

    private void show(List<Alert> open) {
        kitchen.feed.alerts(open);
        if (signals != null) {
            signals.alertsChanged(open);
        }
    }

    @Override
    public Future<Void> stop() {
        return signals == null
                ? Future.succeededFuture()
                : vertx.executeBlocking(() -> {
                    signals.close();
                    return null;
                });
    }
}
