package id.dapur.edge.agent.signals;

import id.dapur.edge.agent.alerts.Alert;
import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.config.GpioConfig;
import id.dapur.edge.devices.gpio.GpioBoard;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the kitchen hears and sees of the alerts, and what it tells back through GPIO. Stack light: red
 * (and the relay) while a CRITICAL alert is open, amber while a WARNING one is, green when nothing but
 * INFO is. Buzzer: while an unacknowledged WARNING/CRITICAL alert is open that was raised or escalated
 * after the last press of the acknowledge button. A door contact open longer than its
 * {@code openAlertAfter} raises DOOR_OPEN, cleared when it shuts. Runs on the agent's event loop.
 */
public final class KitchenSignals {
    private static final Logger LOG = LoggerFactory.getLogger(KitchenSignals.class);
    private final Vertx vertx;
    private final Context context;
    private final GpioConfig config;
    private final GpioBoard board;
    private final Alerts alerts;
    private final Clock clock;
    private final Map<String, Long> doorTimers = new HashMap<>();
    private List<Alert> open = List.of();
    private Instant silencedAt = Instant.EPOCH;

    /** Create on the agent's event loop. */
    public KitchenSignals(Vertx vertx, GpioConfig config, GpioBoard board, Alerts alerts, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.config = config;
        this.board = board;
        this.alerts = alerts;
        this.clock = clock;
        board.onInput((id, active) -> context.runOnContext(v -> input(id, active)));
        // doors already open at start count from now
        board.inputs().forEach((id, active) -> {
            if (active) {
                input(id, true);
            }
        });
    }

    /** The open alerts changed: set the light and the buzzer. */
    public void alertsChanged(List<Alert> nowOpen) {
        this.open = nowOpen;
        boolean critical = open.stream().anyMatch(a -> "CRITICAL".equals(a.severity()));
        boolean warning = open.stream().anyMatch(a -> "WARNING".equals(a.severity()));
        boolean buzz = open.stream()
                .anyMatch(a -> !"INFO".equals(a.severity())
                        && a.acknowledgedAt() == null
                        && latest(a).isAfter(silencedAt));
        for (GpioConfig.Output o : config.outputs()) {
            board.set(
                    o.id(),
                    switch (o.role()) {
                        case "light-red", "relay" -> critical;
                        case "light-amber" -> warning;
                        case "light-green" -> !critical && !warning;
                        default -> buzz;
                    });
        }
    }

    private static Instant latest(Alert a) {
        return a.escalatedAt() != null ? a.escalatedAt() : a.raisedAt();
    }

    private void input(String id, boolean active) {
        GpioConfig.Input in = config.inputs().stream()
                .filter(i -> i.id().equals(id))
                .findFirst()
                .orElse(null);
        if (in == null) {
            return;
        }
        if ("ack-button".equals(in.role())) {
            if (active) {
                silencedAt = clock.instant();
                LOG.info("buzzer silenced by the acknowledge button [input: {}]", id);
                alertsChanged(open);
            }
            return;
        }
        Long timer = doorTimers.remove(id);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        if (active) {
            doorTimers.put(id, vertx.setTimer(in.openAlertAfter().toMillis(), t -> {
                doorTimers.remove(id);
                alerts.raise(
                        "DOOR_OPEN",
                        "door:" + id,
                        "WARNING",
                        in.name() + " has been open for more than "
                                + in.openAlertAfter().toMinutes() + " min");
            }));
        } else {
            alerts.clear("DOOR_OPEN", "door:" + id);
        }
    }

    /** Outputs and inputs as they are now, for the API and the heartbeat; {@code silencedAt} only once the buzzer was silenced. */
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outputs", board.outputs());
        m.put("inputs", board.inputs());
        if (!silencedAt.equals(Instant.EPOCH)) {
            m.put("silencedAt", silencedAt);
        }
        return m;
    }

    /** Drives a mock input (demo and tests, mock provider only). */
    public void simulate(String inputId, boolean active) {
        board.simulate(inputId, active);
    }

    public void close() {
        doorTimers.values().forEach(vertx::cancelTimer);
        board.close();
    }
}
