package id.dapur.edge.agent;

import id.dapur.edge.agent.alerts.AlertsService;
import id.dapur.edge.agent.analytics.AnalyticsService;
import id.dapur.edge.agent.analytics.H2KitchenHistory;
import id.dapur.edge.agent.audit.AgentRecords;
import id.dapur.edge.agent.audit.AuditService;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.cloud.CloudLink;
import id.dapur.edge.agent.cloud.CloudService;
import id.dapur.edge.agent.floor.FloorService;
import id.dapur.edge.agent.floor.MenuAvailability;
import id.dapur.edge.agent.foodsafety.FoodSafetyService;
import id.dapur.edge.agent.kitchen.KitchenService;
import id.dapur.edge.agent.messaging.MessagingService;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.messaging.broker.BrokerService;
import id.dapur.edge.agent.messaging.broker.BrokerTap;
import id.dapur.edge.agent.messaging.broker.EmbeddedBroker;
import id.dapur.edge.agent.printing.H2PrintStore;
import id.dapur.edge.agent.printing.PrintIntents;
import id.dapur.edge.agent.printing.PrintPlanner;
import id.dapur.edge.agent.printing.PrintingService;
import id.dapur.edge.agent.printing.Templates;
import id.dapur.edge.agent.scales.ScalesService;
import id.dapur.edge.agent.screens.ScreensService;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.security.OutletCertificate;
import id.dapur.edge.agent.security.SecureFiles;
import id.dapur.edge.agent.signals.SignalsService;
import id.dapur.edge.agent.staff.StaffService;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.StorageService;
import id.dapur.edge.agent.storage.StorageUnavailableException;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.FatalErrors;
import id.dapur.edge.agent.waste.WasteService;
import id.dapur.edge.agent.web.DashboardApi;
import id.dapur.edge.agent.web.DashboardPage;
import id.dapur.edge.agent.web.HttpApi;
import id.dapur.edge.agent.web.HttpService;
import id.dapur.edge.cloud.update.BootFile;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.devices.gpio.GpioBoard;
import id.dapur.edge.devices.scale.ScaleReading;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: a list of services, one per feature and each in its feature's package (storage, audit,
 * broker, messaging, screens, kitchen, alerts, signals, printing, floor, food safety, scales, staff,
 * waste, analytics, cloud, HTTP, intake), started in that order and stopped in reverse, all on this
 * verticle's one event loop. The list is where features meet: each service is built from those
 * started before it, and what a lower feature needs from a higher one is handed to it here as a type
 * the lower one owns (the kitchen's {@code TicketWrites} from printing, for one); blocking work runs on the storage writer thread and Vert.x
 * workers. If the database cannot be opened the agent still starts, serving {@code /health} with the
 * reason and refusing intake, so an operator can see and decide.
 */
public final class Agent extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    /**
     * How to start: the config, whether the operator chose to go on past a quarantined database, and
     * (when a host can restart the agent on a new configuration) what the cloud bridge needs to apply
     * configuration from the back office.
     */
    public record Options(DapurConfig config, boolean startFresh, Clock clock, CloudLink.Host host, Hooks hooks) {
        public Options(DapurConfig config, boolean startFresh, Clock clock) {
            this(config, startFresh, clock, null, Hooks.NONE);
        }

        public Options(DapurConfig config, boolean startFresh, Clock clock, CloudLink.Host host) {
            this(config, startFresh, clock, host, Hooks.NONE);
        }
    }

    /**
     * What a tool that runs an agent (the POS sandbox) may hook into: the embedded broker's clients
     * ({@code broker}, and the broker itself once it listens), the API's requests once their caller is
     * known and their body read ({@code apiGate}: it calls {@code next()} to let a request through, or
     * answers it itself), and routes of its own beside the agent's ({@code mount}). A running kitchen
     * has {@link #NONE}.
     */
    public record Hooks(
            BrokerTap broker,
            Consumer<EmbeddedBroker> brokerStarted,
            Handler<RoutingContext> apiGate,
            Consumer<Router> mount) {
        public static final Hooks NONE = new Hooks(BrokerTap.NONE, b -> {}, null, r -> {});
    }

    /** the contract: a writer holding work this long without committing makes storage DOWN. */
    static final Duration WRITER_STUCK_AFTER = Duration.ofSeconds(10);

    /** What is opened from files before any service is built (blocking). */
    private record Opened(Database db, PrintIntents intents, Templates templates, GpioBoard gpio) {}

    private final Options options;
    private final DapurConfig config;
    private final Clock clock;
    private final Topics topics;
    private final AgentMetrics metrics = new AgentMetrics();
    private final LoginLimiter limiter;
    private final BearerAuth auth;
    private final AtomicBoolean intakeOpen = new AtomicBoolean();
    private final AtomicReference<String> storageProblem = new AtomicReference<>("starting");
    private final Services services = new Services();
    private volatile KeyCertOptions
            tls; // made before the database is opened: /health is served over TLS even without it
    // the services, set as each is built (read by health() from any thread)
    private volatile StorageService storage;
    private volatile BrokerService broker;
    private volatile MessagingService messaging;
    private volatile ScreensService screens;
    private volatile KitchenService kitchen;
    private volatile AlertsService alerts;
    private volatile SignalsService signals;
    private volatile PrintingService printing;
    private volatile FloorService floor;
    private volatile FoodSafetyService food;
    private volatile ScalesService scales;
    private volatile StaffService staff;
    private volatile WasteService waste;
    private volatile AnalyticsService analytics;
    private volatile AuditService audit;
    private volatile CloudService cloud;
    private volatile HttpService http;

    public Agent(Options options) {
        this.options = options;
        this.config = options.config();
        this.clock = options.clock();
        this.topics = new Topics(config.outlet().id());
        this.limiter = new LoginLimiter(clock, metrics);
        this.auth = new BearerAuth(config.http().tokens(), limiter);
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(this::open)
                .<Void>transform(ar -> {
                    if (ar.failed()) { // the agent still serves /health with the reason, intake off, so an operator
                        // can decide
                        String why = ar.cause() instanceof StorageUnavailableException s
                                ? s.getMessage()
                                : String.valueOf(ar.cause());
                        storageProblem.set(why);
                        LOG.error("storage unavailable; intake stays off [reason: {}]", why);
                        return services.start(() -> http = new HttpService(
                                        vertx, config, HttpApi.unavailable(vertx, this::health, metrics), tls, metrics))
                                .mapEmpty();
                    }
                    storageProblem.set(null);
                    // a start that fails half way stops what it started (the storage service first built, so it closes
                    // the database), so the host can start again on the same files
                    return startServices(ar.result())
                            .recover(e -> stop().transform(x -> Future.failedFuture(e)))
                            .mapEmpty();
                })
                .onSuccess(v -> LOG.info(
                        "agent ready [outlet: {}, http: {}, https: {}, mqtt: {}, since the JVM started: {} ms]",
                        config.outlet().id(),
                        http.plainPort() < 0 ? "off" : http.plainPort(),
                        http.tlsPort() < 0 ? "off" : http.tlsPort(),
                        messaging == null
                                ? "-"
                                : config.mqtt().isEmbedded()
                                        ? "embedded"
                                        : config.mqtt().url(),
                        ManagementFactory.getRuntimeMXBean().getUptime()));
    }

    private Opened open() throws Exception {
        SecureFiles.createPrivateDirectories(config.storage().dir());
        if (config.http().tlsPort() != null
                || config.mqtt().isEmbedded() && config.mqtt().embedded().tlsPort() != null) {
            OutletCertificate cert = OutletCertificate.loadOrCreate(
                    config.tls(), config.storage().dir(), config.outlet().id());
            tls = cert.keyCertOptions();
            LOG.info("TLS on [certificate SHA-256: {}]", cert.fingerprint());
        }
        Database db = Database.open(config.storage().dir(), options.startFresh());
        try {
            SecureFiles.restrict(config.storage().dir());
            return new Opened(
                    db,
                    PrintIntents.open(config.storage().dir()),
                    new Templates(config, clock, ZoneId.systemDefault()),
                    SignalsService.openGpio(config));
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
    }

    /**
     * The services, in the order they start (and, reversed, stop). Each is built only once those
     * before it have started, from them: what a service needs is running before it exists.
     */
    private Future<Void> startServices(Opened o) {
        ZoneId zone = ZoneId.systemDefault();
        return services.start(
                        () -> storage = new StorageService(vertx, o.db(), config, clock, metrics, this::writerDied))
                .compose(x -> services.start(() -> audit = new AuditService(
                        vertx, db(), writer(), limiter, config.records().auditKeep(), clock)))
                .compose(x -> services.start(() -> broker = new BrokerService(
                        vertx,
                        config,
                        topics,
                        tls,
                        limiter,
                        metrics,
                        options.hooks().broker(),
                        options.hooks().brokerStarted())))
                .compose(x -> services.start(() -> messaging =
                        new MessagingService(vertx, config, topics, db(), writer(), broker.login(), metrics, clock)))
                .compose(x ->
                        services.start(() -> screens = new ScreensService(vertx, config, writer(), metrics, clock)))
                .compose(x -> {
                    PrintPlanner planner = new PrintPlanner(config, screens.unattended()::needsPaper);
                    return services.start(() -> kitchen = new KitchenService(
                                    vertx,
                                    config,
                                    topics,
                                    db(),
                                    writer(),
                                    messaging,
                                    metrics,
                                    clock,
                                    intakeOpen::get,
                                    H2PrintStore.chits(planner),
                                    MenuAvailability::unavailable,
                                    new H2KitchenHistory(
                                            s -> config.redAfter(
                                                    config.station(s).orElseThrow()),
                                            zone)))
                            .compose(k -> services.start(() -> alerts = new AlertsService(
                                    vertx,
                                    topics,
                                    db(),
                                    writer(),
                                    messaging.routes(),
                                    config.mqtt().isEmbedded(),
                                    metrics,
                                    clock)))
                            .compose(a -> {
                                alerts.watch(screens.feed()::alerts);
                                return services.start(
                                        () -> signals = new SignalsService(vertx, config, o.gpio(), alerts, clock));
                            })
                            .compose(g -> services.start(() -> printing = new PrintingService(
                                    vertx,
                                    config,
                                    topics,
                                    db(),
                                    writer(),
                                    kitchen,
                                    messaging,
                                    planner,
                                    alerts,
                                    o.intents(),
                                    o.templates(),
                                    metrics,
                                    clock)))
                            .compose(p -> services.start(() -> floor = new FloorService(
                                    vertx,
                                    config,
                                    topics,
                                    db(),
                                    writer(),
                                    messaging,
                                    kitchen,
                                    screens.feed(),
                                    alerts,
                                    printing,
                                    auth,
                                    metrics,
                                    clock)));
                })
                .compose(x -> services.start(() -> food = new FoodSafetyService(
                        vertx, config, topics, db(), writer(), messaging, alerts, metrics, clock)))
                .compose(x -> services.start(() -> scales = new ScalesService(vertx, config, topics, messaging, clock)))
                .compose(x -> services.start(() -> staff = new StaffService(
                        vertx,
                        config,
                        db(),
                        writer(),
                        signedIn -> screens.feed().state("staff", Map.of("signedIn", signedIn)),
                        metrics,
                        clock)))
                .compose(x -> services.start(() -> waste = new WasteService(
                        vertx,
                        config,
                        db(),
                        writer(),
                        scale -> scales.desk()
                                .weight(scale, Duration.ofSeconds(3))
                                .map(ScaleReading::grams),
                        zone,
                        clock)))
                .compose(x -> services.start(() -> analytics =
                        new AnalyticsService(vertx, db(), writer(), kitchen.tickets(), config.records(), zone, clock)))
                .compose(x -> configApplied())
                .compose(x -> services.start(() -> cloud = new CloudService(
                        vertx,
                        config,
                        options.host(),
                        storage.cloudOutbox(),
                        db(),
                        writer(),
                        new CloudService.Parts(
                                kitchen, messaging, alerts, printing, floor, food, scales, screens.feed(), signals),
                        metrics,
                        clock)))
                .compose(x -> services.start(() -> http = new HttpService(vertx, config, routes(zone), tls, metrics)))
                .compose(x -> services.start(() -> messaging.intake(intakeOpen)))
                .mapEmpty();
    }

    /** Every route of a running kitchen: the core API, then each feature's, then the dashboard. */
    private Router routes(ZoneId zone) {
        Router r = new HttpApi(
                        kitchen.intake(),
                        kitchen.desk(),
                        kitchen.store(),
                        kitchen.router(),
                        metrics,
                        this::health,
                        config.http(),
                        auth)
                .router(vertx, options.hooks().apiGate());
        List<Consumer<Router>> features = List.of(
                x -> printing.mount(x, limiter),
                alerts::mount,
                food::mount,
                scales::mount,
                signals::mount,
                cloud::mount,
                audit::mount,
                floor::mount,
                x -> screens.mount(x, kitchen, auth),
                staff::mount,
                waste::mount,
                analytics::mount);
        features.forEach(m -> m.accept(r));
        new DashboardApi(analytics::glance, () -> DashboardApi.openAlerts(alerts.alerts()), zone, clock).mount(r);
        new DashboardPage().mount(r);
        options.hooks().mount().accept(r);
        return r;
    }

    private Database db() {
        return storage.db();
    }

    private GroupCommitWriter writer() {
        return storage.writer();
    }

    /**
     * the contract: the configuration the agent runs on is audited when it differs from the one it last
     * ran on (a cloud configuration applied, or the file edited): {@code CONFIG_APPLIED} with the SHA-256
     * of the running configuration (never its content: it holds secrets) and where it came from.
     */
    private Future<Void> configApplied() {
        CloudLink.Host host = options.host();
        return new AgentRecords(writer(), clock)
                .configApplied(
                        vertx.getOrCreateContext(),
                        host != null ? host.runningTree().toString() : config.toString(),
                        host != null && !host.runningTree().equals(host.localTree()),
                        config.outlet().id());
    }

    /**
     * The health check a version on trial must pass before it commits itself: started, and a
     * unit of work through the storage writer committed to disk.
     */
    public Future<Void> probeStorage() {
        String stuck = stuck();
        if (stuck != null) {
            return Future.failedFuture(new IllegalStateException("storage writer: " + stuck));
        }
        return new AgentRecords(writer(), clock).probe(vertx.getOrCreateContext());
    }

    /**
     * Records the last update's outcome from the boot file once: an audit entry ({@code UPDATE_UPDATED}
     * or {@code UPDATE_ROLLED_BACK}) and an {@code UPDATE_RESULT} event for the cloud, in one unit of
     * work with the mark that says it was recorded. True when it was recorded now.
     */
    public Future<Boolean> recordUpdateOutcome(BootFile boot) {
        return new AgentRecords(writer(), clock).updateOutcome(vertx.getOrCreateContext(), boot);
    }

    /** The writer died (an Error): intake off, and the process exits non-zero so its supervisor restarts it. */
    private void writerDied(Throwable e) {
        intakeOpen.set(false);
        FatalErrors.unrecoverable("the storage writer died (" + e + ")");
    }

    /** The MQTT front door's ports (plain, TLS; -1 when off), for tests and the demo banner. */
    public int[] mqttPorts() {
        return broker == null ? new int[] {-1, -1} : broker.ports();
    }

    public LoginLimiter loginLimiter() {
        return limiter;
    }

    /**
     * Why the agent is stuck (the storage writer holding work for {@link #WRITER_STUCK_AFTER} without
     * committing), or null: what the service watchdog asks. A database that would not open is not
     * stuck: the agent serves /health with the reason, and a restart would not help.
     */
    public String stuck() {
        GroupCommitWriter w = storage == null ? null : storage.writer();
        return w == null ? null : w.failure(WRITER_STUCK_AFTER);
    }

    /** Ready when storage is open and its writer alive, the broker connected and intake on. */
    /** Every HTTP route this agent serves ({@code METHOD /path}), for the test that holds them to the contract. */
    public List<String> routes() {
        HttpService h = http;
        return h == null ? List.of() : h.routes();
    }

    public HttpApi.Health health() {
        Map<String, String> checks = new LinkedHashMap<>();
        String s = storageProblem.get();
        GroupCommitWriter w = storage == null ? null : storage.writer();
        if (s == null && w != null) {
            s = w.failure(WRITER_STUCK_AFTER);
        }
        checks.put("storage", s == null ? "UP" : s);
        checks.put("broker", messaging != null && messaging.bus().isConnected() ? "UP" : "not connected");
        checks.put("intake", intakeOpen.get() ? "UP" : "closed");
        Map<String, Object> details = w == null
                ? Map.of()
                : Map.of("storage", Map.of("lastCommitAgoMs", w.lastCommitAgoMs(), "queued", w.queued()));
        return new HttpApi.Health(checks.values().stream().allMatch("UP"::equals), checks, details);
    }

    public Options options() {
        return options;
    }

    public int httpPort() {
        return http.port();
    }

    /** Graceful stop, the services in reverse: intake off, HTTP closed, queued commits drained and published, OFFLINE said, H2 closed. */
    @Override
    public Future<?> stop() {
        LOG.info("agent stopping [outlet: {}]", config.outlet().id());
        intakeOpen.set(false);
        return services.stopAll()
                .onComplete(ar ->
                        LOG.info("agent stopped [outlet: {}]", config.outlet().id()));
    }
}
