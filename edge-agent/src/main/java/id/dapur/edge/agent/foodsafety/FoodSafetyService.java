package id.dapur.edge.agent.foodsafety;

import id.dapur.edge.agent.alerts.AlertsService;
import id.dapur.edge.agent.messaging.MessagingService;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Food safety (HACCP): the sensors' readings and their limits, the sensors' firmware, the HACCP
 * log and report, with their topics and routes. Readings are not acknowledged work: storing one
 * does not hold up the broker.
 */
public final class FoodSafetyService implements Service {
    private final Vertx vertx;
    private final Clock clock;
    private final FoodSafety foodSafety;
    private final HaccpReport report;
    private final SensorFirmware firmware;

    public FoodSafetyService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            Database db,
            GroupCommitWriter writer,
            MessagingService messaging,
            AlertsService alerts,
            AgentMetrics metrics,
            Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
        H2HaccpStore haccp = new H2HaccpStore(vertx, db, writer, clock);
        this.foodSafety = new FoodSafety(
                vertx,
                config,
                haccp,
                alerts.alerts(),
                messaging.deadLetters(),
                topics,
                metrics,
                clock,
                ZoneId.systemDefault());
        this.report = new HaccpReport(config, haccp, alerts.alerts(), ZoneId.systemDefault());
        this.firmware = new SensorFirmware(vertx, config, topics, messaging.bus(), alerts.alerts(), writer, clock);
        foodSafety.firmware(firmware);
        List<String> filters = new ArrayList<>(FoodSafety.subscriptions(config, topics));
        filters.addAll(SensorFirmware.subscriptions(config, topics));
        messaging.routes().mountFilters(filters, m -> {
            if (firmware.owns(m.topic())) {
                firmware.handle(m.topic(), m.payload());
            } else {
                firmware.availability(m.topic(), m.payload());
                foodSafety.handle(m.topic(), m.payload());
            }
            m.ack().run();
        });
    }

    public FoodSafety foodSafety() {
        return foodSafety;
    }

    public void mount(Router r) {
        new FoodSafetyApi(vertx, foodSafety, report, clock).mount(r);
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
