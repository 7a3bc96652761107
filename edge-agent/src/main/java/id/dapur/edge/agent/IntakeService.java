package id.dapur.edge.agent;

import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.AgentMetrics;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last to start, the first to stop: orders are taken (HTTP and MQTT) only once everything that
 * handles them runs, and the agent connects to the broker, which starts MQTT intake, only now.
 */
final class IntakeService implements Service {
    private final MessagingService messaging;
    private final AtomicBoolean open;

    IntakeService(
            Topics topics,
            MessagingService messaging,
            KitchenService kitchen,
            FoodSafetyService food,
            AlertsService alerts,
            FloorService floor,
            AgentMetrics metrics,
            AtomicBoolean open,
            boolean embedded) {
        this.messaging = messaging;
        this.open = open;
        new MqttRoutes(
                        topics,
                        kitchen.intake,
                        kitchen.desk,
                        food.foodSafety,
                        new BrokerDrops(alerts.alerts, metrics, embedded),
                        kitchen.shown,
                        floor.menu,
                        messaging.deadLetters,
                        food.firmware)
                .attach(messaging.bus);
    }

    @Override
    public Future<Void> start() {
        open.set(true);
        messaging.bus.start(); // completes at the first full connection, which may be much later: not awaited
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        open.set(false);
        return Future.succeededFuture();
    }
}
