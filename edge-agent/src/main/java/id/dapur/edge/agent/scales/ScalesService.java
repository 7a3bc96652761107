package id.dapur.edge.agent.scales;

import id.dapur.edge.agent.messaging.MessagingService;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;

/** The scales on their serial ports (one ordered worker each), their readings' topic and their routes. */
public final class ScalesService implements Service {
    private final Vertx vertx;
    private final ScaleDesk scales;

    public ScalesService(Vertx vertx, DapurConfig config, Topics topics, MessagingService messaging, Clock clock) {
        this.vertx = vertx;
        this.scales = new ScaleDesk(vertx, config, messaging.bus(), topics, clock);
    }

    public ScaleDesk desk() {
        return scales;
    }

    public void mount(Router r) {
        new ScalesApi(scales).mount(r);
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
