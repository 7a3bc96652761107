package id.dapur.edge.cloud.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.cloud.CloudEvent;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.cloud.CommandRunner;
import id.dapur.edge.cloud.ConfigSync;
import id.dapur.edge.cloud.CredentialVault;
import id.dapur.edge.cloud.HeartbeatReporter;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.OrderFeed;
import id.dapur.edge.cloud.OutboxSender;
import id.dapur.edge.cloud.Reachability;
import id.dapur.edge.cloud.Registration;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * One simulated outlet, built from the agent's own bridge: {@link Registration} with its encrypted
 * vault, {@link OutboxSender} draining an in-memory outbox, {@link HeartbeatReporter},
 * {@link ConfigSync} (a new configuration applied as the agent's host applies it: started again on
 * it, then reported), {@link CommandRunner} and {@link OrderFeed} on their long-polls, all sharing
 * one {@link Reachability} as in the agent. Its kitchen makes the events an outlet's day makes:
 * orders with their tickets moving NEW to SERVED, fridge readings, the kitchen's load.
 */
final class SimOutlet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    final String outletId;
    private final CloudConfig cloud;
    private final Clock clock;
    private final Random random;
    private final Link link;
    private final Reachability reach;
    private final MemoryOutbox outbox = new MemoryOutbox();
    private final Registration registration;
    private final OutboxSender sender;
    private final HeartbeatReporter heartbeat;
    private final CommandRunner commands;
    private final OrderFeed feed;
    private final Path dir;
    private final ConfigLoader loader = new ConfigLoader(Map.of());
    private final JsonNode localTree;
    private final Map<String, JsonNode> samples;
    private final String keyPrefix;
    private final PriorityQueue<Due> due = new PriorityQueue<>();
    private final Instant started;
    private volatile ConfigSync sync;
    private volatile boolean registered;
    private volatile String refusal;
    private int seq;
    private int orders;
    private long nextReadingMinute;
    private long nextLoadMinute;
    private String feedCursor;
    private double minuteNow;

    /** An event due at a minute of the outlet's day. */
    private record Due(double minute, String type, String stream, JsonNode payload) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return Double.compare(minute, o.minute);
        }
    }

    SimOutlet(
            Vertx vertx,
            CloudConfig cloud,
            String outletId,
            String code,
            Path dir,
            Link.Switch power,
            Map<String, JsonNode> samples,
            long seed,
            Clock clock,
            FleetStats stats) {
        this.vertx = vertx;
        this.outletId = outletId;
        this.cloud = cloud;
        this.clock = clock;
        this.dir = dir;
        this.samples = samples;
        this.random = new Random(seed);
        this.started = clock.instant();
        this.keyPrefix = outletId + "-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        HttpCloudClient http = new HttpCloudClient(vertx, cloud, outletId);
        http.observe(stats::record);
        this.link = new Link(http, power, keyPrefix, stats::events);
        this.reach = new Reachability(cloud.retry(), clock);
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("outletId", outletId);
        device.put("tenant", "fleet-sim");
        device.put("agentVersion", "fleet-sim");
        this.registration =
                new Registration(vertx, link, new CredentialVault(dir, outletId), new Secret(code), device, reach);
        this.sender = new OutboxSender(vertx, link, outbox, cloud.batch(), reach, clock);
        this.heartbeat = new HeartbeatReporter(
                vertx,
                link,
                () -> Future.succeededFuture(heartbeatBody()),
                cloud.heartbeatInterval(),
                reach,
                this::cloudHasVersion);
        this.commands = new CommandRunner(
                vertx,
                link,
                outletId,
                Set.copyOf(CloudConfig.COMMANDS),
                handlers(),
                new MemoryCommandJournal(),
                reach,
                cloud.commandWait(),
                clock);
        this.feed = new OrderFeed(
                vertx,
                link,
                this::takeFeedOrder,
                new OrderFeed.Checkpoint() {
                    @Override
                    public Future<String> cursor() {
                        return Future.succeededFuture(feedCursor);
                    }

                    @Override
                    public Future<Void> save(String cursor, List<Map<String, Object>> results) {
                        synchronized (SimOutlet.this) {
                            for (Map<String, Object> r : results) {
                                add("FEED_ORDER_RESULT", "orders", JSON.valueToTree(r));
                            }
                            feedCursor = cursor;
                        }
                        return Future.succeededFuture();
                    }
                },
                reach,
                cloud.commandWait());
        this.localTree = SimLocalConfig.tree(outletId, dir);
    }

    /** Registers, then starts every loop the agent's bridge runs. */
    void start() {
        registration
                .ensure()
                .onSuccess(c -> {
                    registered = true;
                    sender.start();
                    commands.start();
                    feed.start();
                    startSync(localTree);
                    vertx.setPeriodic(cloud.configPollInterval().toMillis(), t -> checkConfig());
                })
                .onFailure(e -> refusal = e.getMessage());
    }

    /** As the agent's host does: a sync for the tree it runs on, started (which reports what became of the last version), then a check. */
    private void startSync(JsonNode running) {
        ConfigSync s = new ConfigSync(
                vertx,
                link,
                dir,
                loader,
                localTree,
                running,
                apply -> vertx.setTimer(50, t -> startSync(apply.merged().tree())),
                clock);
        boolean first = sync == null;
        sync = s;
        s.start().onComplete(x -> {
            if (first) {
                heartbeat.start();
            }
            checkConfig();
        });
    }

    /** As the agent does: a heartbeat's answer naming another version than the one applied starts a check at once. */
    private void cloudHasVersion(String version) {
        ConfigSync s = sync;
        if (s != null && !version.equals(s.appliedVersion())) {
            checkConfig();
        }
    }

    private void checkConfig() {
        ConfigSync s = sync;
        if (s != null) {
            s.check(false);
        }
    }

    void stop() {
        registration.stop();
        sender.stop();
        heartbeat.stop();
        commands.stop();
        feed.stop();
        link.close();
    }

    // ---- the kitchen

    /** Makes the events due up to {@code minute} of the outlet's day, with {@code newOrders} new orders at {@code minute}. */
    synchronized void advance(double minute, int newOrders) {
        minuteNow = minute;
        for (int i = 0; i < newOrders; i++) {
            order(minute, null);
        }
        if (minute >= nextReadingMinute) {
            for (int s = 1; s <= 4; s++) {
                ObjectNode r = ((ObjectNode) samples.get("SENSOR_READING").deepCopy())
                        .put("sensorId", "fridge-" + s)
                        .put("at", clock.instant().toString());
                double c = 2 + random.nextGaussian();
                r.put("celsius", Math.round(c * 10) / 10.0).put("value", Math.round(c * 10) / 10.0);
                add("SENSOR_READING", "readings", r);
            }
            nextReadingMinute = (long) minute + 5;
        }
        if (minute >= nextLoadMinute) {
            ObjectNode l = ((ObjectNode) samples.get("KITCHEN_LOAD").deepCopy())
                    .put("ts", clock.instant().toString())
                    .put("quoteMinutes", 5 + due.size() / 10);
            add("KITCHEN_LOAD", "kitchen", l);
            nextLoadMinute = (long) minute + 15;
        }
        while (!due.isEmpty() && due.peek().minute() <= minute) {
            Due d = due.poll();
            add(d.type(), d.stream(), d.payload());
        }
    }

    /** An order placed at {@code minute}: ORDER, ACCEPTED and its two tickets now, then the tickets through the kitchen. */
    private void order(double minute, JsonNode fromFeed) {
        String id = fromFeed != null ? fromFeed.path("orderId").asText() : outletId + "-" + (++orders);
        String now = clock.instant().toString();
        ObjectNode o = fromFeed != null
                ? (ObjectNode) fromFeed
                : ((ObjectNode) samples.get("ORDER").deepCopy())
                        .put("orderId", id)
                        .put("placedAt", now)
                        .put("table", Integer.toString(1 + random.nextInt(20)));
        if (fromFeed == null) {
            add("ORDER", "orders", o);
        }
        add("ORDER_EVENT", "orders", orderEvent(id, "ACCEPTED"));
        add("TICKET", "tickets", ticket(id, "kitchen", "NEW"));
        add("TICKET", "tickets", ticket(id, "bar", "NEW"));
        later(minute + 2, "TICKET", "tickets", ticket(id, "kitchen", "IN_PROGRESS"));
        later(minute + 2, "ORDER_EVENT", "orders", orderEvent(id, "IN_PROGRESS"));
        later(minute + 5, "TICKET", "tickets", ticket(id, "bar", "READY"));
        later(minute + 9 + random.nextInt(6), "TICKET", "tickets", ticket(id, "kitchen", "READY"));
        later(minute + 15, "ORDER_EVENT", "orders", orderEvent(id, "READY"));
        later(minute + 18, "ORDER_EVENT", "orders", orderEvent(id, "SERVED"));
    }

    private void later(double minute, String type, String stream, JsonNode payload) {
        due.add(new Due(minute, type, stream, payload));
    }

    private JsonNode orderEvent(String id, String event) {
        ObjectNode e = JSON.createObjectNode()
                .put("orderId", id)
                .put("event", event)
                .put("at", clock.instant().toString());
        if (event.equals("ACCEPTED")) {
            e.putArray("ticketIds").add(id + "/kitchen").add(id + "/bar");
        }
        return e;
    }

    private JsonNode ticket(String id, String station, String status) {
        ObjectNode t = (ObjectNode) samples.get("TICKET").deepCopy();
        t.put("ticketId", id + "/" + station)
                .put("orderId", id)
                .put("station", station)
                .put("status", status)
                .put("updatedAt", clock.instant().toString());
        return t;
    }

    private void add(String type, String stream, JsonNode payload) {
        int s = ++seq;
        String text = payload.toString();
        outbox.add(new CloudEvent(s, keyPrefix + s, stream, type, clock.instant(), text, text.length() + 64));
    }

    private Future<OrderFeed.Outcome> takeFeedOrder(OrderFeed.FeedOrder o) {
        synchronized (this) {
            order(minuteNow, o.order());
        }
        return Future.succeededFuture(
                new OrderFeed.Taken(o.order().path("orderId").asText(), false, null));
    }

    private Map<String, CommandRunner.Handler> handlers() {
        Map<String, CommandRunner.Handler> h = new LinkedHashMap<>();
        h.put("reload-config", c -> {
            ConfigSync s = sync;
            return s == null
                    ? Future.succeededFuture(CommandResult.failed("NOT_READY", "not started yet"))
                    : s.check(true).map(out -> CommandResult.succeeded("configuration " + out, Map.of()));
        });
        h.put(
                "test-print",
                c -> Future.succeededFuture(CommandResult.succeeded("test page printed (simulated)", Map.of())));
        for (String other : List.of("reprint", "set-log-level", "rotate-credential", "update")) {
            h.put(
                    other,
                    c -> Future.succeededFuture(
                            CommandResult.refused("NOT_SIMULATED", "fleet-sim does not simulate " + c.type())));
        }
        return h;
    }

    private Map<String, Object> heartbeatBody() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("outletId", outletId);
        h.put("deviceId", registration.deviceId());
        h.put("agentVersion", "fleet-sim");
        h.put("startedAt", started.toString());
        h.put("uptimeSeconds", Duration.between(started, clock.instant()).toSeconds());
        ConfigSync s = sync;
        h.put("configVersion", s == null ? null : s.appliedVersion());
        h.put("at", clock.instant().toString());
        h.put("update", Map.of("state", "IDLE", "version", "fleet-sim", "supported", false));
        h.put(
                "screens",
                List.of(Map.of("station", "kitchen", "connected", 1), Map.of("station", "bar", "connected", 1)));
        var b = outbox.backlog();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", b.events());
        out.put("bytes", b.bytes());
        out.put("budgetBytes", cloud.outbox().budgetBytes());
        out.put(
                "oldestAgeSeconds",
                b.oldest() == null
                        ? 0
                        : Duration.between(b.oldest(), clock.instant()).toMillis() / 1000.0);
        out.put("shedEvents", 0);
        out.put("deadLetters", outbox.rejected());
        h.put("outbox", out);
        return h;
    }

    // ---- what it shows

    boolean registered() {
        return registered;
    }

    String refusal() {
        return refusal;
    }

    long backlog() {
        return outbox.backlog().events();
    }

    long peakBacklog() {
        return outbox.peak();
    }

    synchronized int generated() {
        return seq;
    }

    /** [answered, accepted, accepted twice, duplicates, rejected] */
    long[] tallies() {
        return link.tallies(generated());
    }

    String configVersion() {
        ConfigSync s = sync;
        return s == null ? null : s.appliedVersion();
    }
}
