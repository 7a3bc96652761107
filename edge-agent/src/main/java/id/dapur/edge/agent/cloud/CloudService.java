package id.dapur.edge.agent.cloud;

import id.dapur.edge.agent.alerts.AlertsService;
import id.dapur.edge.agent.floor.FloorService;
import id.dapur.edge.agent.floor.KitchenLoad;
import id.dapur.edge.agent.foodsafety.FoodSafetyService;
import id.dapur.edge.agent.kitchen.KitchenService;
import id.dapur.edge.agent.messaging.MessagingService;
import id.dapur.edge.agent.printing.PrintingService;
import id.dapur.edge.agent.scales.ScalesService;
import id.dapur.edge.agent.screens.ScreenFeed;
import id.dapur.edge.agent.signals.SignalsService;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.H2CloudOutbox;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.cloud.update.KitchenActivity;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge to the back office, when a cloud is configured: registration, the outbox's drain,
 * heartbeats (with every device's state), configuration sync, remote commands and the order feed.
 * A bridge that cannot start is logged; the kitchen runs on and events wait in the outbox.
 */
public final class CloudService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(CloudService.class);

    /** The outlet's parts the heartbeat reports on. */
    public record Parts(
            KitchenService kitchen,
            MessagingService messaging,
            AlertsService alerts,
            PrintingService printing,
            FloorService floor,
            FoodSafetyService food,
            ScalesService scales,
            ScreenFeed screens,
            SignalsService signals) {}

    private final Vertx vertx;
    private final DapurConfig config;
    private final CloudLink.Host host;
    private final H2CloudOutbox outbox;
    private final Database db;
    private final GroupCommitWriter writer;
    private final Parts parts;
    private final AgentMetrics metrics;
    private final Clock clock;
    private volatile CloudLink link;

    /** @param outbox the cloud outbox storage opened, or null without a cloud */
    public CloudService(
            Vertx vertx,
            DapurConfig config,
            CloudLink.Host host,
            H2CloudOutbox outbox,
            Database db,
            GroupCommitWriter writer,
            Parts parts,
            AgentMetrics metrics,
            Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.host = host;
        this.outbox = outbox;
        this.db = db;
        this.writer = writer;
        this.parts = parts;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Future<Void> start() {
        if (outbox == null) {
            return Future.succeededFuture();
        }
        // the credential's directory is made (and synced) before registration can store one in it
        return vertx.executeBlocking(() -> {
                    CloudLink.prepareDirectory(config);
                    return null;
                })
                .<Void>map(v -> {
                    open();
                    return null;
                })
                .recover(e -> {
                    LOG.error("cloud bridge could not start; events wait in the outbox [error: {}]", e.toString(), e);
                    return Future.succeededFuture();
                });
    }

    private void open() {
        try {
            CloudLink l = new CloudLink(
                    vertx,
                    config,
                    outbox,
                    new H2CommandJournal(vertx, db, writer, clock),
                    parts.alerts().alerts(),
                    parts.printing().spooler(),
                    this::devices,
                    host,
                    new FeedIntake(
                            vertx,
                            db,
                            writer,
                            parts.kitchen().intake(),
                            parts.messaging().deadLetters(),
                            () -> parts.floor().load().quoteMinutes(),
                            clock),
                    () -> parts.floor()
                            .newestOpenTicket()
                            .map(newest -> new KitchenActivity.Activity(
                                    newest, parts.floor().load().level() != KitchenLoad.Level.NORMAL)),
                    metrics,
                    clock);
            l.start();
            link = l;
        } catch (RuntimeException e) {
            LOG.error("cloud bridge could not start; events wait in the outbox [error: {}]", e.toString(), e);
        }
    }

    /** Every device and its state, for the heartbeat. */
    private Map<String, Object> devices() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("printers", parts.printing().spooler().printers());
        d.put("scales", parts.scales().desk().scales());
        d.put("sensors", parts.food().foodSafety().sensors());
        d.put(
                "screens",
                config.stations().stream()
                        .map(s -> Map.<String, Object>of(
                                "station", s.id(), "connected", parts.screens().screens(s.id())))
                        .toList());
        d.put("gpio", parts.signals().state());
        return d;
    }

    /** The bridge, or null (no cloud configured, or it could not start). */
    public CloudLink link() {
        return link;
    }

    public void mount(Router r) {
        new CloudApi(this::link).mount(r);
    }

    @Override
    public Future<Void> stop() {
        CloudLink l = link;
        if (l != null) {
            l.stop();
        }
        return Future.succeededFuture();
    }
}
