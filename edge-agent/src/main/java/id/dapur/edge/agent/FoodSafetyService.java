package id.dapur.edge.agent;

import id.dapur.edge.agent.foodsafety.FoodSafety;
import id.dapur.edge.agent.foodsafety.H2HaccpStore;
import id.dapur.edge.agent.foodsafety.HaccpReport;
import id.dapur.edge.agent.foodsafety.SensorFirmware;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.ZoneId;

/** HACCP: sensor readings, the temperature and cooling rules, excursions and their alerts, the report. */
final class FoodSafetyService implements Service {
    final H2HaccpStore haccp;
    final FoodSafety foodSafety;
    final HaccpReport report;
    final SensorFirmware firmware;

    FoodSafetyService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            StorageService storage,
            MessagingService messaging,
            AlertsService alerts,
            AgentMetrics metrics,
            Clock clock) {
        this.haccp = new H2HaccpStore(vertx, storage.db, storage.writer, clock);
        this.foodSafety = new FoodSafety(
                vertx,
                config,
                haccp,
                alerts.alerts,
                messaging.deadLetters,
                topics,
                metrics,
                clock,
                ZoneId.systemDefault());
        this.report = new HaccpReport(config, haccp, alerts.alerts, ZoneId.systemDefault());
        this.firmware = new SensorFirmware(vertx, config, topics, messaging.bus, alerts.alerts, storage.writer, clock);
        foodSafety.firmware(firmware);
    }

    @Override
    public Future<Void> start() {
        return foodSafety.start().onSuccess(v -> firmware.start());
    }

    @Override
    public Future<Void> stop() {
        firmware.stop();
        foodSafety.stop(); // its last readings join the commits drained when messaging stops
        return Future.succeededFuture();
    }
}
