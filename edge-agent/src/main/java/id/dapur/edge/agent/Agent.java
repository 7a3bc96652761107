package id.dapur.edge.agent;

import id.dapur.edge.agent.cloud.CloudLink;
import id.dapur.edge.agent.foodsafety.FoodSafety;
import id.dapur.edge.agent.foodsafety.HaccpReport;
import id.dapur.edge.agent.kitchen.KitchenRules;
import id.dapur.edge.agent.kitchen.StationRouter;
import id.dapur.edge.agent.kitchen.TicketChanged;
import id.dapur.edge.agent.kitchen.TicketDesk;
import id.dapur.edge.agent.messaging.EmbeddedBroker;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.OutboxPublisher;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.orders.OrderIntake;
import id.dapur.edge.agent.printing.PrintPlanner;
import id.dapur.edge.agent.printing.PrintSpooler;
import id.dapur.edge.agent.printing.Templates;
import id.dapur.edge.agent.scales.ScaleDesk;
import id.dapur.edge.agent.screens.KitchenScreens;
import id.dapur.edge.agent.screens.ScreenFeed;
import id.dapur.edge.agent.screens.UnattendedStations;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.signals.KitchenSignals;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.H2Outbox;
import id.dapur.edge.agent.storage.OutboxEntry;
import id.dapur.edge.agent.storage.PrintJob;
import id.dapur.edge.agent.storage.H2AlertStore;
import id.dapur.edge.agent.storage.H2CloudOutbox;
import id.dapur.edge.agent.storage.H2CommandJournal;
import id.dapur.edge.agent.storage.H2HaccpStore;
import id.dapur.edge.agent.orders.H2OrderStore;
import id.dapur.edge.agent.storage.H2PrintStore;
import id.dapur.edge.agent.storage.PrintIntents;
import id.dapur.edge.agent.storage.StorageUnavailableException;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.DeadLetters;
import id.dapur.edge.agent.support.FatalErrors;
import id.dapur.edge.agent.web.CloudApi;
import id.dapur.edge.agent.web.FoodSafetyApi;
import id.dapur.edge.agent.web.HttpApi;
import id.dapur.edge.agent.web.HttpListeners;
import id.dapur.edge.agent.web.BearerAuth;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.security.OutletCertificate;
import id.dapur.edge.agent.security.SecureFiles;
import id.dapur.edge.agent.messaging.MqttAcl;
import id.dapur.edge.agent.messaging.ClientIds;
import id.dapur.edge.agent.messaging.front.MqttFrontDoor;
import id.dapur.edge.agent.web.PrintApi;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.StationConfig;
import id.dapur.edge.devices.gpio.GpioBoard;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: wires storage, broker, intake, kitchen and the HTTP API, all on this verticle's one
 * event loop; blocking work runs on the storage writer thread and Vert.x workers. If the database
 * cannot be opened the agent still starts, serving {@code /health} with the reason and refusing
 * intake, so an operator can see and decide.
 */
public final class Agent extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    /**
     * How to start: the config, whether the operator chose to go on past a quarantined database, and
     * (when a host can restart the agent on a new configuration) what the cloud bridge needs to apply
     * configuration from the back office.
     */
    public record Options(DapurConfig config, boolean startFresh, Clock clock, CloudLink.Host host) {
        public Options(DapurConfig config, boolean startFresh, Clock clock) {
            this(config, startFresh, clock, null);
        }
    }

    /** CONTRACT §16: a writer holding work this long without committing makes storage DOWN. */
    static final java.time.Duration WRITER_STUCK_AFTER = java.time.Duration.ofSeconds(10);

    private final Options options;
    private final DapurConfig config;
    private final Topics topics;
    private final AgentMetrics metrics = new AgentMetrics();
    private final AtomicReference<String> storageProblem = new AtomicReference<>("starting");
    private volatile boolean intakeOpen;
    private Database db;
    private GroupCommitWriter writer;
    private EmbeddedBroker broker;
    private MqttBus bus;
    private OutboxPublisher publisher;
    private HttpListeners http;
    private final LoginLimiter limiter;
    private final BearerAuth auth;
    private io.vertx.core.net.KeyCertOptions tls;
    private MqttFrontDoor frontDoor;
    private HttpApi api;
    private KitchenScreens screens;
    private H2PrintStore printStore;
    private PrintSpooler spooler;
    private PrintApi printApi;
    private PrintIntents printIntents;
    private Templates templates;
    private long retentionTimer = -1;
    private long deadLetterTimer = -1;
    private FoodSafety foodSafety;
    private ScaleDesk scales;
    private GpioBoard gpio;
    private KitchenSignals signals;
    private FoodSafetyApi foodSafetyApi;
    private H2CloudOutbox cloudOutbox;
    private CloudLink cloud;
    private String agentClientId;

    public Agent(Options options) {
        this.options = options;
        this.config = options.config();
        this.topics = new Topics(config.outlet().id());
        this.limiter = new LoginLimiter(options.clock(), metrics);
        this.auth = new BearerAuth(config.http().tokens(), limiter);
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
                    SecureFiles.createPrivateDirectories(config.storage().dir());
                    if (config.http().tlsPort() != null || config.mqtt().isEmbedded() && config.mqtt().embedded().tlsPort() != null) {
                        OutletCertificate cert = OutletCertificate.loadOrCreate(config.tls(), config.storage().dir(), config.outlet().id());
                        tls = cert.keyCertOptions();
                        LOG.info("TLS on [certificate SHA-256: {}]", cert.fingerprint());
                    }
                    Database d = Database.open(config.storage().dir(), options.startFresh());
                    SecureFiles.restrict(config.storage().dir());
                    printIntents = PrintIntents.open(config.storage().dir());
                    templates = new Templates(config, options.clock(), ZoneId.systemDefault()); // reads the receipt logo
                    gpio = Devices.openGpio(config);
                    return d;
                })
                .transform(ar -> {
                    if (ar.succeeded()) {
                        db = ar.result();
                        storageProblem.set(null);
                        // a start that fails half way closes what it opened, so the host can start again on the same files
                        return startServices().compose(v -> listen(router()))
                                .onSuccess(v -> bus.start()) // MQTT intake once the API listens too
                                .recover(e -> stop().transform(x -> Future.failedFuture(e)));
                    }
                    String why = ar.cause() instanceof StorageUnavailableException s ? s.getMessage() : String.valueOf(ar.cause());
                    storageProblem.set(why);
                    LOG.error("storage unavailable; intake stays off [reason: {}]", why);
                    return listen(HttpApi.unavailable(vertx, this::health, metrics));
                })
                .onSuccess(v -> LOG.info("agent ready [outlet: {}, http: {}, https: {}, mqtt: {}]", config.outlet().id(),
                        http.plainPort() < 0 ? "off" : http.plainPort(), http.tlsPort() < 0 ? "off" : http.tlsPort(),
                        bus == null ? "-" : config.mqtt().isEmbedded() ? "embedded" : config.mqtt().url()));
    }

    private Future<Void> startServices() {
        StationRouter router = new StationRouter(config.stations(), config.defaultStation());
        KitchenRules rules = new KitchenRules(config.kitchen().recallWindow(), router.hasExpo());
        AtomicReference<OutboxPublisher> pubRef = new AtomicReference<>();
        ScreenFeed feed = new ScreenFeed(vertx, config.stations().stream().map(StationConfig::id).toList(), options.clock());
        try {
            writer = new GroupCommitWriter(db);
            writer.subscribe(TicketChanged.class, feed::committed); // screens first: they do not wait for the broker
            writer.subscribe(OutboxEntry.class, entries -> pubRef.get().committed(entries));
            writer.onDeath(e -> {
                intakeOpen = false;
                FatalErrors.unrecoverable("the storage writer died (" + e + ")");
            });
        } catch (java.sql.SQLException e) {
            return Future.failedFuture(e);
        }
        UnattendedStations unattended = new UnattendedStations(feed, config.kitchen().printWhenScreensDownAfter(), metrics);
        PrintPlanner planner = new PrintPlanner(config, unattended);
        H2OrderStore store = new H2OrderStore(vertx, db, writer, router, rules, topics, options.clock(), planner);
        printStore = new H2PrintStore(vertx, db, writer, options.clock());
        H2AlertStore alerts = new H2AlertStore(vertx, db, writer, options.clock(), topics.alerts());
        H2HaccpStore haccp = new H2HaccpStore(vertx, db, writer, options.clock());
        spooler = new PrintSpooler(config, printStore, alerts, printIntents, store, planner, templates,
                topics, options.clock(), metrics);
        if (gpio != null) {
            signals = new KitchenSignals(vertx, config.gpio(), gpio, alerts, options.clock());
        }
        alerts.onChange(a -> alerts.open().onSuccess(open -> showAlerts(feed, open)));
        alerts.onNotStored(record -> metrics.counter("dapur.records.not_stored", "record", record.replaceAll("^\\d+ ", "")).increment());
        writer.subscribe(PrintJob.class, spooler::committed);
        Future<Void> cloudReady = config.cloud().isEmpty() ? Future.succeededFuture() : store.instanceId().compose(id -> vertx.executeBlocking(() -> {
            cloudOutbox = new H2CloudOutbox(vertx, db, writer, options.clock(), id);
            cloudOutbox.open(); // before anything is written, so every change from now on has its cloud event
            CloudLink.prepareDirectory(config);
            return null;
        }));
        Future<String> brokerUrl = cloudReady.compose(x -> config.mqtt().isEmbedded()
                ? vertx.executeBlocking(() -> {
                    broker = EmbeddedBroker.start(config);
                    return broker.url();
                }).compose(this::openFrontDoor)
                : vertx.executeBlocking(() -> ClientIds.agentPrefix(config)).map(prefix -> {
                    agentClientId = prefix;
                    return config.mqtt().url().toString();
                }));
        return brokerUrl.compose(url -> {
            boolean embedded = broker != null;
            bus = MqttBus.create(vertx, new MqttBus.Options(url,
                    embedded ? EmbeddedBroker.AGENT_USER : config.mqtt().username(),
                    embedded ? broker.agentPassword().reveal() : config.mqtt().password().reveal(),
                    embedded ? "dapur-" + config.outlet().id() : agentClientId,
                    MqttRoutes.subscriptions(config, topics),
                    (int) config.mqtt().keepAlive().toSeconds(), topics.agentStatus(),
                    AgentStatus.payload("OFFLINE", options.clock().instant()),
                    AgentStatus.payload("ONLINE", options.clock().instant()), !embedded));
            H2Outbox outbox = new H2Outbox(vertx, db, writer, options.clock());
            publisher = new OutboxPublisher(vertx, bus, outbox,
                    nanos -> metrics.publishLatency().record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
            pubRef.set(publisher);
            DeadLetters deadLetters = new DeadLetters(outbox, publisher, topics.deadLetter(), metrics, options.clock());
            deadLetterTimer = vertx.setPeriodic(5_000, t -> deadLetters.flushSummaries());
            OrderIntake intake = new OrderIntake(store, publisher, deadLetters, topics, metrics, options.clock(), () -> intakeOpen);
            TicketDesk desk = new TicketDesk(store, router, publisher, deadLetters, metrics, topics.root());
            screens = new KitchenScreens(vertx, config, store, desk, feed, options.clock(), auth);
            foodSafety = new FoodSafety(vertx, config, haccp, alerts, deadLetters, topics, metrics, options.clock(), ZoneId.systemDefault());
            scales = new ScaleDesk(vertx, config, bus, topics, options.clock());
            new MqttRoutes(topics, intake, desk, foodSafety).attach(bus);
            bus.onConnectionChange(publisher::connectionChanged);
            metrics.gauge("dapur.storage.writer.queue", "tasks waiting for the storage writer", writer::queued);
            metrics.gauge("dapur.outbox.backlog", "publications waiting for the broker", publisher::backlog);
            metrics.gauge("dapur.storage.syncs", "fsyncs (CHECKPOINT SYNC) so far", writer::syncs);
            metrics.gauge("dapur.storage.batch.size.mean", "tasks sharing one commit and fsync, on average", writer::meanBatchSize);
            metrics.gauge("dapur.storage.failures", "changes that could not be stored (callers told to retry)", writer::storageFailures);
            metrics.gauge("dapur.storage.listener.failures", "after-commit listeners that threw (the commit stood)",
                    writer::listenerFailures);
            api = new HttpApi(intake, desk, store, router, metrics, this::health, config.http(), auth);
            printApi = new PrintApi(spooler);
            foodSafetyApi = new FoodSafetyApi(vertx, alerts, foodSafety, new HaccpReport(config, haccp, alerts, ZoneId.systemDefault()),
                    scales, signals, options.clock());
            retentionTimer = vertx.setPeriodic(60_000, 3_600_000, t -> Retention.purge(store, printStore, options.clock().instant().minus(config.storage().retention())));
            return vertx.executeBlocking(() -> {
                spooler.start();
                return null;
            }).compose(v -> foodSafety.start()).compose(v -> alerts.open()).onSuccess(open -> {
                showAlerts(feed, open);
                scales.start();
                intakeOpen = true;
                if (cloudOutbox != null) {
                    try {
                        cloud = new CloudLink(vertx, config, cloudOutbox, new H2CommandJournal(vertx, db, writer, options.clock()), alerts,
                                spooler, () -> Devices.report(config, spooler, scales, foodSafety, feed, signals), options.host(), metrics, options.clock());
                        cloud.start();
                    } catch (RuntimeException e) {
                        // the kitchen runs without its back office; events keep waiting in the outbox
                        LOG.error("cloud bridge could not start; events wait in the outbox [error: {}]", e.toString(), e);
                    }
                }
            }).mapEmpty();
        });
    }

    private void showAlerts(ScreenFeed feed, List<Map<String, Object>> open) {
        feed.alerts(open);
        if (signals != null) {
            signals.alertsChanged(open);
        }
    }

    private Router router() {
        Router r = api.router(vertx);
        printApi.mount(r);
        foodSafetyApi.mount(r);
        new CloudApi(() -> cloud).mount(r);
        screens.mount(r);
        return r;
    }

    private Future<Void> listen(Router router) {
        return HttpListeners.start(vertx, config.http(), router, tls, metrics).map(l -> {
            http = l;
            return null;
        });
    }

    /** The LAN's way to the embedded broker (which listens on loopback only); the agent itself connects directly. */
    private Future<String> openFrontDoor(String brokerUrl) {
        Map<String, id.dapur.edge.config.Secret> passwords = new LinkedHashMap<>();
        config.mqtt().accounts().forEach(a -> passwords.put(a.username(), a.password()));
        frontDoor = new MqttFrontDoor(vertx, new MqttFrontDoor.Options(config.mqtt().embedded(), broker.port(), passwords,
                new MqttAcl(config, null), topics, tls, EmbeddedBroker.MAX_MESSAGE_BYTES), limiter, metrics);
        return frontDoor.start().map(v -> brokerUrl);
    }

    /** The MQTT front door's ports (plain, TLS; -1 when off), for tests and the demo banner. */
    public int[] mqttPorts() {
        return frontDoor == null ? new int[] {-1, -1} : new int[] {frontDoor.plainPort(), frontDoor.tlsPort()};
    }

    public LoginLimiter loginLimiter() {
        return limiter;
    }

    /** Ready when storage is open, the broker connected and intake on. */
    public HttpApi.Health health() {
        Map<String, String> checks = new LinkedHashMap<>();
        String s = storageProblem.get();
        GroupCommitWriter w = writer;
        if (s == null && w != null) {
            s = w.failure(WRITER_STUCK_AFTER);
        }
        checks.put("storage", s == null ? "UP" : s);
        checks.put("broker", bus != null && bus.isConnected() ? "UP" : "not connected");
        checks.put("intake", intakeOpen ? "UP" : "closed");
        Map<String, Object> details = w == null ? Map.of() : Map.of("storage", Map.of("lastCommitAgoMs", w.lastCommitAgoMs(),
                "queued", w.queued()));
        return new HttpApi.Health(checks.values().stream().allMatch("UP"::equals), checks, details);
    }

    /** Waits (up to a deadline) until queued commits are written and their publications confirmed. */
    private Future<Void> drained(long deadline) {
        boolean idle = writer == null || writer.queued() == 0 && (publisher == null || publisher.backlog() == 0 || bus == null || !bus.isConnected());
        if (idle || System.currentTimeMillis() > deadline) {
            return Future.succeededFuture();
        }
        io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
        vertx.setTimer(10, t -> drained(deadline).onComplete(p));
        return p.future();
    }

    public Options options() {
        return options;
    }

    public int httpPort() {
        return http.port();
    }

    /** Graceful stop: intake off, queued commits finished, OFFLINE published, H2 closed cleanly. */
    @Override
    public Future<?> stop() {
        LOG.info("agent stopping [outlet: {}]", config.outlet().id());
        intakeOpen = false;
        if (cloud != null) {
            cloud.stop();
        }
        if (foodSafety != null) {
            foodSafety.stop(); // its last readings join the commits drained below
        }
        if (retentionTimer >= 0) {
            vertx.cancelTimer(retentionTimer);
        }
        if (deadLetterTimer >= 0) {
            vertx.cancelTimer(deadLetterTimer);
        }
        Future<Void> httpClosed = http == null ? Future.succeededFuture() : http.close();
        return httpClosed
                .compose(v -> drained(System.currentTimeMillis() + 5_000))
                .compose(v -> spooler == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
                    if (scales != null) {
                        scales.stop();
                    }
                    if (signals != null) {
                        signals.close();
                    }
                    spooler.stop();
                    return null;
                }))
                .compose(v -> publisher == null ? Future.succeededFuture() : publisher.flush().otherwiseEmpty())
                .compose(v -> writer == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
                    writer.close(); // finishes anything still queued
                    return null;
                }))
                .compose(v -> {
                    if (frontDoor != null) {
                        frontDoor.lastWordsComing(); // clients watching the status are kept until they are passed it
                    }
                    return bus == null ? Future.succeededFuture()
                            : bus.stop(topics.agentStatus(), AgentStatus.payload("OFFLINE", options.clock().instant())).otherwiseEmpty();
                })
                .compose(v -> frontDoor == null ? Future.succeededFuture() : frontDoor.close())
                .compose(v -> vertx.executeBlocking(() -> {
                    if (broker != null) {
                        broker.close();
                    }
                    if (db != null) {
                        db.close();
                    }
                    return null;
                }))
                .onComplete(ar -> LOG.info("agent stopped [outlet: {}]", config.outlet().id()));
    }
}
