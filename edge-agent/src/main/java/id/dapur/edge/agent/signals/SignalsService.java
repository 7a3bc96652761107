package id.dapur.edge.agent.signals;

import id.dapur.edge.agent.alerts.AlertsService;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.devices.gpio.GpioBoard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPIO header: buzzer, stack light and door contacts, driven by the open alerts. Without a
 * configured header (or with one that would not open) the kitchen runs without them, and
 * {@code /api/v1/gpio} says so.
 */
public final class SignalsService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(SignalsService.class);

    private final Vertx vertx;
    private final KitchenSignals signals;

    /** @param gpio the header opened by {@link #openGpio}, or null */
    public SignalsService(Vertx vertx, DapurConfig config, GpioBoard gpio, AlertsService alerts, Clock clock) {
        this.vertx = vertx;
        this.signals = gpio == null ? null : new KitchenSignals(vertx, config.gpio(), gpio, alerts.alerts(), clock);
        if (signals != null) {
            alerts.watch(signals::alertsChanged);
        }
    }

    /** The GPIO header, if configured; a board that cannot be opened is logged and left out, not fatal (blocking). */
    public static GpioBoard openGpio(DapurConfig config) {
        if (config.gpio().outputs().isEmpty() && config.gpio().inputs().isEmpty()) {
            return null;
        }
        try {
            return GpioBoard.create(config.gpio());
        } catch (RuntimeException e) {
            LOG.error(
                    "GPIO unavailable; buzzer, stack light and door contacts are off [provider: {}, error: {}]",
                    config.gpio().provider(),
                    e.toString());
            return null;
        }
    }

    /** The outputs and inputs and their state, for the heartbeat; empty without a header. */
    public Map<String, Object> state() {
        return signals == null ? Map.of() : signals.state();
    }

    public void mount(Router r) {
        new GpioApi(signals).mount(r);
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
