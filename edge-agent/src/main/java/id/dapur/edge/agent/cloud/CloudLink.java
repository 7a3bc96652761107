package id.dapur.edge.agent.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.printing.PrintSpooler;
import id.dapur.edge.agent.storage.H2CloudOutbox;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Version;
import id.dapur.edge.cloud.CloudClient;
import id.dapur.edge.cloud.CloudOutbox;
import id.dapur.edge.cloud.CommandRunner;
import id.dapur.edge.cloud.ConfigSync;
import id.dapur.edge.cloud.CredentialVault;
import id.dapur.edge.cloud.DurableFiles;
import id.dapur.edge.cloud.HeartbeatReporter;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.OrderFeed;
import id.dapur.edge.cloud.OutboxSender;
import id.dapur.edge.cloud.Reachability;
import id.dapur.edge.cloud.Registration;
import id.dapur.edge.cloud.update.KitchenActivity;
import id.dapur.edge.cloud.update.UpdateWindow;
import id.dapur.edge.cloud.update.Updater;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's bridge to its back office, wired from cloud-bridge's parts: registration, the outbox
 * sender, configuration sync, heartbeats and remote commands, plus what only the agent can do: the
 * disk budget ({@link StorageGuard}), the {@code CLOUD_UNREACHABLE} alert, metrics and the status the
 * API shows. With no credential and no usable provisioning code the bridge stays off, but events
 * still wait in the outbox (within the budget) for the day it is fixed.
 */
public final class CloudLink {
    private static final Logger LOG = LoggerFactory.getLogger(CloudLink.class);

    /** What the host gives the bridge so configuration from the cloud can be applied. */
    public record Host(
            JsonNode localTree, JsonNode runningTree, Consumer<ConfigSync.Apply> apply, Updater.Launch launch) {
        public Host(JsonNode localTree, JsonNode runningTree, Consumer<ConfigSync.Apply> apply) {
            this(localTree, runningTree, apply, null);
        }
    }

    private final Vertx vertx;
    private final DapurConfig config;
    private final CloudConfig cloud;
    private final H2CloudOutbox outbox;
    private final Alerts alerts;
    private final Clock clock;
    private final Instant started;
    private final Reachability reach;
    private final CloudClient client;
    private final Registration registration;
    private final OutboxSender sender;
    private final ConfigSync sync;
    private final HeartbeatReporter heartbeat;
    private final CommandRunner commands;
    private final Updater updater;
    /** Delivery orders from the back office; null when {@code cloud.orderFeed} is off. */
    private final OrderFeed feed;

    private final StorageGuard guard;
    private final List<Long> timers = new ArrayList<>();
    private boolean unreachableRaised;
    private boolean notRegisteredRaised;

    /**
     * Blocking, before the bridge is built: its directory (credential, key, last good configuration)
     * is created with its name synced, so a power cut cannot take the device's identity with it.
     * Found by the power-cut harness: a cut after registration lost the whole directory, and the
     * agent, its provisioning code already spent, was cut off from the cloud for good.
     */
    public static void prepareDirectory(DapurConfig config) throws IOException {
        DurableFiles.createDirectories(config.storage().dir().resolve("cloud"));
    }

    public CloudLink(
            Vertx vertx,
            DapurConfig config,
            H2CloudOutbox outbox,
            H2CommandJournal journal,
            Alerts alerts,
            PrintSpooler spooler,
            Supplier<Map<String, Object>> devices,
            Host host,
            FeedIntake feedIntake,
            KitchenActivity kitchen,
            AgentMetrics metrics,
            Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.cloud = config.cloud().orElseThrow();
        this.outbox = outbox;
        this.alerts = alerts;
        this.clock = clock;
        this.started = clock.instant();
        Path dir = config.storage().dir().resolve("cloud");
        this.reach = new Reachability(cloud.retry(), clock);
        this.client = new HttpCloudClient(vertx, cloud, config.outlet().id());
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("outletId", config.outlet().id());
        device.put("tenant", config.outlet().tenant());
        device.put("agentVersion", Version.VALUE);
        this.registration = new Registration(
                vertx, client, new CredentialVault(dir, config.outlet().id()), cloud.provisioningCode(), device, reach);
        this.sender = new OutboxSender(vertx, client, outbox, cloud.batch(), reach, clock);
        JsonNode local = host == null ? null : host.localTree();
        this.sync = local == null
                ? null
                : new ConfigSync(
                        vertx,
                        client,
                        dir,
                        ConfigLoader.withSystemEnv(),
                        local,
                        host.runningTree(),
                        host.apply(),
                        clock);
        this.heartbeat = new HeartbeatReporter(
                vertx,
                client,
                () -> Future.succeededFuture(heartbeat(devices.get())),
                cloud.heartbeatInterval(),
                reach,
                this::cloudHasVersion);
        this.updater = new Updater(
                vertx,
                client,
                config.update(),
                host == null ? null : host.launch(),
                Version.VALUE,
                clock,
                new UpdateWindow(config.maintenance(), kitchen, clock, ZoneId.systemDefault()));
        this.commands = new CommandRunner(
                vertx,
                client,
                config.outlet().id(),
                new HashSet<>(cloud.commands()),
                RemoteCommands.of(vertx, sync, spooler, registration, updater),
                journal,
                reach,
                cloud.commandWait(),
                clock);
        this.guard = new StorageGuard(
                vertx, outbox, alerts, cloud.outbox(), config.storage().dir());
        this.feed = cloud.orderFeed() && feedIntake != null
                ? new OrderFeed(vertx, client, feedIntake, feedIntake, reach, cloud.commandWait())
                : null;
        metrics(metrics);
    }

    /** Starts the disk budget at once, and the rest once the device holds a credential. */
    public void start() {
        guard.start();
        timers.add(vertx.setPeriodic(1000, t -> watchReachability()));
        alerts.open().onSuccess(open -> {
            unreachableRaised = open.stream().anyMatch(a -> "CLOUD_UNREACHABLE".equals(a.kind()));
            notRegisteredRaised = open.stream().anyMatch(a -> "CLOUD_NOT_REGISTERED".equals(a.kind()));
        });
        registration
                .ensure()
                .onSuccess(c -> {
                    if (notRegisteredRaised) {
                        alerts.clear("CLOUD_NOT_REGISTERED", "cloud");
                        notRegisteredRaised = false;
                    }
                    sender.start();
                    commands.start();
                    if (feed != null) {
                        feed.start();
                    }
                    if (sync == null) {
                        heartbeat.start();
                    } else {
                        sync.start().onComplete(x -> {
                            heartbeat.start(); // after start() has learnt the version the agent runs on
                            checkConfig(false);
                        });
                        timers.add(vertx.setPeriodic(cloud.configPollInterval().toMillis(), t -> checkConfig(false)));
                    }
                })
                .onFailure(e -> {
                    if (!notRegisteredRaised) {
                        notRegisteredRaised = true;
                        alerts.raise(
                                "CLOUD_NOT_REGISTERED",
                                "cloud",
                                "WARNING",
                                "the agent is not registered with the cloud: " + registration.problem()
                                        + "; events wait in the outbox");
                    }
                });
    }

    public void stop() {
        timers.forEach(vertx::cancelTimer);
        registration.stop();
        guard.stop();
        sender.stop();
        heartbeat.stop();
        commands.stop();
        if (feed != null) {
            feed.stop();
        }
        client.close();
    }

    private void checkConfig(boolean force) {
        if (sync == null) {
            return;
        }
        sync.check(force).onFailure(e -> LOG.debug("configuration check failed [error: {}]", e.toString()));
    }

    private void cloudHasVersion(String version) {
        if (sync != null && !version.equals(sync.appliedVersion())) {
            checkConfig(false);
        }
    }

    private void watchReachability() {
        Instant since = reach.failingSince();
        if (since != null
                && !unreachableRaised
                && Duration.between(since, clock.instant()).compareTo(cloud.unreachableAlertAfter()) >= 0) {
            unreachableRaised = true;
            CloudOutbox.Backlog b = outbox.backlog();
            alerts.raise(
                    "CLOUD_UNREACHABLE",
                    "cloud",
                    "WARNING",
                    "the cloud back office has not answered since " + since + " (" + reach.lastError() + "); "
                            + b.events() + " events wait, stored safely");
        } else if (since == null && unreachableRaised && reach.lastSuccess() != null) {
            unreachableRaised = false;
            alerts.clear("CLOUD_UNREACHABLE", "cloud");
        }
    }

    private Map<String, Object> heartbeat(Map<String, Object> devices) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("outletId", config.outlet().id());
        h.put("deviceId", registration.deviceId());
        h.put("agentVersion", Version.VALUE);
        h.put("startedAt", started.toString());
        h.put("uptimeSeconds", Duration.between(started, clock.instant()).toSeconds());
        h.put("configVersion", sync == null ? null : sync.appliedVersion());
        h.put("update", updater.report());
        h.put("at", clock.instant().toString());
        h.putAll(devices);
        h.put("outbox", backlog());
        return h;
    }

    private Map<String, Object> backlog() {
        CloudOutbox.Backlog b = outbox.backlog();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", b.events());
        m.put("bytes", b.bytes());
        m.put("budgetBytes", cloud.outbox().budgetBytes());
        m.put("oldestAgeSeconds", oldestAge());
        m.put("shedEvents", outbox.shedEvents());
        m.put("deadLetters", outbox.deadLetters());
        return m;
    }

    private double oldestAge() {
        Instant o = outbox.backlog().oldest();
        return o == null ? 0 : Math.max(0, Duration.between(o, clock.instant()).toMillis() / 1000.0);
    }

    /** The bridge's state for {@code GET /api/v1/cloud}. */
    public Future<Map<String, Object>> status() {
        return outbox.sheds(20).map(sheds -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("url", cloud.url().toString());
            s.put("registration", registration.state().name());
            s.put("deviceId", registration.deviceId());
            if (registration.problem() != null) {
                s.put("problem", registration.problem());
            }
            s.put("reachable", reach.failingSince() == null && reach.lastSuccess() != null);
            s.put("breaker", reach.breakerState());
            s.put(
                    "failingSince",
                    reach.failingSince() == null ? null : reach.failingSince().toString());
            s.put(
                    "lastSuccess",
                    reach.lastSuccess() == null ? null : reach.lastSuccess().toString());
            s.put("lastError", reach.lastError());
            Map<String, Object> out = backlog();
            out.put("sent", sender.sent());
            out.put("rejected", sender.rejected());
            out.put("drainPerSecond", Math.round(sender.drainRate()));
            double rate = sender.drainRate();
            out.put("secondsToEmpty", rate > 0 ? Math.round(outbox.backlog().events() / rate) : null);
            out.put(
                    "lastSentAt",
                    sender.lastSentAt() == null ? null : sender.lastSentAt().toString());
            out.put("shed", sheds);
            s.put("outbox", out);
            s.put("storageLow", guard.low());
            if (sync != null) {
                s.put("configVersion", sync.appliedVersion());
                s.put("configProblem", sync.lastProblem());
            }
            s.put("heartbeatsSent", heartbeat.sent());
            return s;
        });
    }

    private void metrics(AgentMetrics m) {
        m.gauge(
                "dapur.cloud.outbox.events",
                "events waiting for the cloud",
                () -> outbox.backlog().events());
        m.gauge(
                "dapur.cloud.outbox.bytes",
                "bytes of events waiting for the cloud",
                () -> outbox.backlog().bytes());
        m.gauge(
                "dapur.cloud.outbox.budget.bytes",
                "disk budget of the cloud outbox",
                () -> cloud.outbox().budgetBytes());
        m.gauge(
                "dapur.cloud.outbox.oldest.age.seconds",
                "age of the oldest event not yet taken by the cloud",
                this::oldestAge);
        m.gauge("dapur.cloud.sent.events", "events the cloud has taken since start", sender::sent);
        m.gauge("dapur.cloud.drain.rate", "events per second taken by the cloud, last 10 s", sender::drainRate);
        m.gauge("dapur.cloud.shed.events", "low-priority events dropped by the disk budget, ever", outbox::shedEvents);
        m.gauge("dapur.cloud.deadletters", "events the cloud rejected, ever", outbox::deadLetters);
        m.gauge("dapur.cloud.batches.failed", "event batches that failed since start", sender::batchesFailed);
        m.gauge(
                "dapur.cloud.breaker.open",
                "1 while the circuit breaker to the cloud is open",
                () -> "OPEN".equals(reach.breakerState()) ? 1 : 0);
        m.gauge(
                "dapur.cloud.reachable",
                "1 while the cloud answers",
                () -> reach.failingSince() == null && reach.lastSuccess() != null ? 1 : 0);
        m.gauge("dapur.storage.free.bytes", "usable bytes on the storage volume", guard::freeBytes);
    }
}
