package id.dapur.edge.agent;

import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.scales.ScaleDesk;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** The scales on their serial ports, one ordered worker each; weights published over MQTT. */
final class ScalesService implements Service {
    private final Vertx vertx;
    final ScaleDesk scales;

    ScalesService(Vertx vertx, DapurConfig config, Topics topics, MessagingService messaging, Clock clock) {
        this.vertx = vertx;
        this.scales = new ScaleDesk(vertx, config, messaging.bus, topics, clock);
    }

    @Override
    public Future<Void> start() {
        scales.start();
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        return vertx.executeBlocking(() -> {
            scales.stop(); // closes serial ports: blocking
            return null;
        });
    }
}
