package id.dapur.edge.agent;

import id.dapur.edge.agent.cloud.CloudLink;
import id.dapur.edge.agent.cloud.FeedIntake;
import id.dapur.edge.agent.cloud.H2CommandJournal;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge to the back office, when a cloud is configured: registration, the outbox's drain,
 * configuration, heartbeats with the devices' report, remote commands. A bridge that cannot start
 * does not stop the kitchen: events keep waiting in the outbox (opened by {@link StorageService}).
 */
final class CloudService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(CloudService.class);
    private final Vertx vertx;
    private final DapurConfig config;
    private final CloudLink.Host host;
    private final StorageService storage;
    private final AlertsService alerts;
    private final PrintingService printing;
    private final Supplier<Map<String, Object>> devices;
    private final AgentMetrics metrics;
    private final Clock clock;
    private CloudLink link;

    private final FeedIntake feedIntake;

    CloudService(
            Vertx vertx,
            DapurConfig config,
            CloudLink.Host host,
            StorageService storage,
            AlertsService alerts,
            PrintingService printing,
            Supplier<Map<String, Object>> devices,
            FeedIntake feedIntake,
            AgentMetrics metrics,
            Clock clock) {
        this.feedIntake = feedIntake;
        this.vertx = vertx;
        this.config = config;
        this.host = host;
        this.storage = storage;
        this.alerts = alerts;
        this.printing = printing;
        this.devices = devices;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Future<Void> start() {
        if (storage.cloudOutbox() == null) {
            return Future.succeededFuture();
        }
        try {
            link = new CloudLink(
                    vertx,
                    config,
                    storage.cloudOutbox(),
                    new H2CommandJournal(vertx, storage.db, storage.writer, clock),
                    alerts.alerts,
                    printing.spooler,
                    devices,
                    host,
                    feedIntake,
                    metrics,
                    clock);
            link.start();
        } catch (RuntimeException e) {
            link = null;
            LOG.error("cloud bridge could not start; events wait in the outbox [error: {}]", e.toString(), e);
        }
        return Future.succeededFuture();
    }

    /** The bridge, or null (no cloud configured, or it could not start). */
    CloudLink link() {
        return link;
    }

    @Override
    public Future<Void> stop() {
        if (link != null) {
            link.stop();
        }
        return Future.succeededFuture();
    }
}
