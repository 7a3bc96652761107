package id.dapur.edge.agent.sandbox;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import id.dapur.edge.agent.Agent;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.security.OutletCertificate;
import id.dapur.edge.agent.security.PrintedSecrets;
import id.dapur.edge.agent.security.SecureFiles;
import id.dapur.edge.agent.support.FatalErrors;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * {@code dapur-edge sandbox}: an agent for POS integrators on the LAN, plain and TLS, with no
 * simulated POS. It makes a POS account and token, serves a kitchen screen, checks everything the POS
 * sends against the contract, injects on request the faults a POS must survive (an ACCEPTED withheld,
 * a 503, a dropped connection, a restart), and ends with a conformance report: on the console, as a
 * page ({@code /sandbox}) and as JSON.
 */
public final class Sandbox {
    /** How the sandbox runs; ports of 0 are chosen free once and kept across restarts. */
    public record Settings(
            String host,
            int port,
            int tlsPort,
            int mqttPort,
            int mqttTlsPort,
            Path data,
            List<Fault> faults,
            int faultEvery,
            int orders,
            Duration duration,
            Duration resendWithin,
            Path report,
            String posUser,
            boolean verbose) {}

    /** What the integrator needs, printed at start and used by the tests. */
    public record Access(
            String host,
            int httpPort,
            int httpsPort,
            int mqttPort,
            int mqttsPort,
            String outlet,
            String posUser,
            String posPassword,
            String posToken,
            String screenToken,
            Path certificate,
            String fingerprint) {}

    public static final String OUTLET = "sandbox";
    /**
     * How long the sandbox stays up after answering the page's end button: a written answer may still
     * be on its way to a client that reads slowly (seen with HTTP/2), and stopping closes its connection.
     */
    private static final long END_GRACE_MS = 1_000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Settings settings;
    private final Consumer<String> out;
    private final Clock clock = Clock.systemUTC();
    private final Promise<Void> ended = Promise.promise();
    private final AtomicBoolean reported = new AtomicBoolean();
    private Vertx vertx;
    private DapurConfig config;
    private PosWatch watch;
    private SandboxTap tap;
    private Access access;
    private volatile String deployment;
    private volatile boolean running = true;

    public Sandbox(Settings settings, Consumer<String> out) {
        this.settings = settings;
        this.out = out;
    }

    /** Starts the agent and returns what the POS needs; throws {@link SandboxException} with a plain reason when it cannot. */
    public Access start() throws SandboxException {
        if (!settings.verbose()) {
            ((LoggerContext) LoggerFactory.getILoggerFactory())
                    .getLogger("ROOT")
                    .setLevel(Level.WARN);
        }
        Path dir;
        try {
            dir = settings.data() != null ? settings.data() : Files.createTempDirectory("dapur-sandbox-");
            SecureFiles.createPrivateDirectories(dir);
        } catch (IOException e) {
            throw new SandboxException("cannot use the data directory "
                    + (settings.data() == null ? "(a temporary one)" : settings.data()) + ": " + e.getMessage());
        }
        String password = secret();
        String posToken = secret();
        String screenToken = secret();
        String barToken = secret();
        String expoToken = secret();
        boolean anyPort = settings.port() == 0
                || settings.tlsPort() == 0
                || settings.mqttPort() == 0
                || settings.mqttTlsPort() == 0;
        int http = 0;
        int https = 0;
        int mqtt = 0;
        int mqtts = 0;
        OutletCertificate cert = null;
        // A port chosen free (0) may be taken by another program before the agent binds it: choose again, a few times.
        for (int attempt = 1; ; attempt++) {
            http = SandboxSetup.free(settings.port(), "--port");
            https = SandboxSetup.free(settings.tlsPort(), "--tls-port");
            mqtt = SandboxSetup.free(settings.mqttPort(), "--mqtt-port");
            mqtts = SandboxSetup.free(settings.mqttTlsPort(), "--mqtt-tls-port");
            config = SandboxSetup.configure(
                    settings, dir, http, https, mqtt, mqtts, password, posToken, screenToken, barToken, expoToken);
            if (cert == null) {
                try {
                    cert = OutletCertificate.loadOrCreate(
                            config.tls(), config.storage().dir(), OUTLET);
                } catch (IOException | RuntimeException e) {
                    throw new SandboxException("cannot make the sandbox's TLS certificate in "
                            + config.storage().dir() + ": " + e.getMessage());
                }
            }
            Topics topics = new Topics(OUTLET);
            watch = new PosWatch(
                    topics,
                    Set.of(settings.posUser()),
                    new FaultPlan(settings.faults(), settings.faultEvery()),
                    settings.resendWithin(),
                    clock,
                    this::say);
            tap = new SandboxTap(watch, topics);
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
            FatalErrors.install(vertx);
            watch.onRestart(() -> vertx.setTimer(200, t -> restart()));
            try {
                deploy().await(60, TimeUnit.SECONDS);
                break;
            } catch (Exception e) {
                try {
                    vertx.close().await(30, TimeUnit.SECONDS);
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                if (root instanceof BindException) {
                    if (anyPort && attempt < 5) {
                        continue;
                    }
                    throw new SandboxException(
                            "a port is in use (" + root.getMessage() + "): choose others with --port, --tls-port,"
                                    + " --mqtt-port and --mqtt-tls-port, or 0 for any free one");
                }
                throw new SandboxException("the agent did not start: " + root.getMessage());
            }
        }
        access = new Access(
                SandboxSetup.shownHost(settings.host()),
                http,
                https,
                mqtt,
                mqtts,
                OUTLET,
                settings.posUser(),
                password,
                posToken,
                screenToken,
                config.storage().dir().resolve("tls").resolve("outlet-cert.pem"),
                cert.fingerprint());
        return access;
    }

    /** Blocks until the sandbox ends (orders settled, time up, the page's button, or the process stops); returns its report. */
    public SandboxReport awaitEnd() {
        Instant deadline = settings.duration() == null ? null : clock.instant().plus(settings.duration());
        long timer = vertx.setPeriodic(500, t -> {
            if (settings.orders() > 0 && watch.settled(settings.orders())) {
                vertx.setTimer(2000, x -> ended.tryComplete()); // a last resend may be on its way
            }
            if (deadline != null && !clock.instant().isBefore(deadline)) {
                ended.tryComplete();
            }
        });
        CountDownLatch done = new CountDownLatch(1);
        ended.future().onComplete(x -> done.countDown());
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        vertx.cancelTimer(timer);
        return finish();
    }

    /** Ends now (the page's button, or the shutdown hook). */
    public void end() {
        ended.tryComplete();
    }

    /** Stops the agent and returns the final report (once; later calls return null). */
    public SandboxReport finish() {
        if (!reported.compareAndSet(false, true)) {
            return null;
        }
        running = false;
        SandboxReport report = watch.report(true);
        try {
            String id = deployment;
            if (id != null) {
                vertx.undeploy(id).await(30, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            say("the agent did not stop cleanly: " + e.getMessage());
        }
        return report;
    }

    public SandboxReport report() {
        return watch.report(false);
    }

    private Future<String> deploy() {
        Agent.Hooks hooks = new Agent.Hooks(tap, tap::broker, tap, this::mount);
        Agent agent = new Agent(new Agent.Options(config, false, clock, null, hooks));
        return vertx.deployVerticle(agent).map(id -> {
            deployment = id;
            return id;
        });
    }

    private void restart() {
        String id = deployment;
        deployment = null;
        Future<Void> stopped = id == null ? Future.succeededFuture() : vertx.undeploy(id);
        stopped.recover(e -> Future.succeededFuture())
                .compose(x -> {
                    if (!running) {
                        return Future.succeededFuture();
                    }
                    return deploy().mapEmpty();
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        say("PROBLEM: the agent did not start again after the restart fault: "
                                + ar.cause().getMessage() + "; the sandbox ends");
                        ended.tryComplete();
                        return;
                    }
                    watch.restarted();
                });
    }

    // ---- the page

    private void mount(Router r) {
        r.get("/sandbox").handler(ctx -> page(ctx, false));
        r.get("/sandbox/report.json").handler(ctx -> page(ctx, true));
        r.post("/sandbox/faults").handler(this::askFault);
        r.post("/sandbox/end").handler(ctx -> {
            if (authorised(ctx)) {
                // the answer first, and a grace period: ending stops the server, and the page must not see its
                // connection cut
                ctx.response()
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("the sandbox ends; its report is on the console\n")
                        .onComplete(x -> vertx.setTimer(END_GRACE_MS, t -> end()));
            }
        });
    }

    private boolean authorised(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            token = header.substring(7);
        }
        if (token != null
                && MessageDigest.isEqual(
                        token.getBytes(StandardCharsets.UTF_8),
                        access.posToken().getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        ctx.response()
                .setStatusCode(401)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("the sandbox's pages need the POS token: /sandbox?token=<POS token>\n");
        return false;
    }

    private void page(RoutingContext ctx, boolean json) {
        if (!authorised(ctx)) {
            return;
        }
        SandboxReport r = watch.report(false);
        if (json) {
            ctx.response().putHeader("Content-Type", "application/json").end(r.json());
        } else {
            ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(r.html(running, access.posToken()));
        }
    }

    private void askFault(RoutingContext ctx) {
        if (!authorised(ctx)) {
            return;
        }
        Fault f;
        try {
            f = Fault.parse(String.valueOf(ctx.request().getParam("fault")));
        } catch (IllegalArgumentException e) {
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(e.getMessage() + "\n");
            return;
        }
        watch.ask(f);
        ctx.response()
                .setStatusCode(303)
                .putHeader("Location", "/sandbox?token=" + access.posToken())
                .end();
    }

    // ---- helpers

    void say(String text) {
        out.accept("[sandbox " + LocalTime.now(ZoneId.systemDefault()).format(TIME) + "] " + text);
    }

    private static String secret() {
        return PrintedSecrets.make();
    }

    /** Why the sandbox cannot start, in words for the person who ran it. */
    public static final class SandboxException extends Exception {
        public SandboxException(String message) {
            super(message);
        }
    }
}
