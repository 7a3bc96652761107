package id.dapur.edge.agent.foodsafety;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.AgentMeta;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.SensorConfig;
import id.dapur.edge.devices.sensor.SensorFormat;
import id.dapur.edge.devices.sensor.firmware.FirmwareProtocol;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensors' own firmware settings (docs/sensor-firmware.md): for each sensor with a
 * {@code firmware} section, reads the device's settings over MQTT, pushes the differences, reads them
 * again, and raises {@code SENSOR_CONFIG_DRIFT} once for a device that lost settings it held (a reset
 * to factory settings) or does not take them; cleared once a check finds them held. Checked at start,
 * every {@code checkEvery}, and when the device comes back online. A device that does not answer is
 * {@code UNREACHABLE} (its silence is the food-safety rules' business, not drift). One check per device
 * at a time; everything on the agent's event loop.
 */
public final class SensorFirmware {
    public static final String ALERT = "SENSOR_CONFIG_DRIFT";
    private static final Logger LOG = LoggerFactory.getLogger(SensorFirmware.class);
    private static final Duration ANSWER = Duration.ofSeconds(5);

    /** Where a device's settings stand: not checked yet, as wanted, lost or refused, or not answering. */
    public enum State {
        PENDING,
        OK,
        DRIFT,
        UNREACHABLE
    }

    private final Vertx vertx;
    private final MqttBus bus;
    private final Alerts alerts;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final List<Long> timers = new ArrayList<>();
    private Context context;
    private boolean started;

    /** One configured device, its protocol and what the agent knows of it. */
    private static final class Device {
        final SensorConfig sensor;
        final FirmwareProtocol protocol;
        final String availability;
        final String wantedHash;
        final Map<String, JsonNode> observed = new HashMap<>();
        State state = State.PENDING;
        Instant checkedAt;
        Map<String, String> differences = Map.of();
        boolean checking;
        boolean again;
        boolean held;
        Promise<Void> answered;

        Device(SensorConfig sensor, FirmwareProtocol protocol, String availability) {
            this.sensor = sensor;
            this.protocol = protocol;
            this.availability = availability;
            this.wantedHash = hash(sensor.firmware().settings());
        }

        Map<String, JsonNode> wanted() {
            return sensor.firmware().settings();
        }

        boolean covered() {
            return protocol.wholeAnswer()
                    ? !observed.isEmpty()
                    : observed.keySet().containsAll(wanted().keySet());
        }
    }

    public SensorFirmware(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            MqttBus bus,
            Alerts alerts,
            GroupCommitWriter writer,
            Clock clock) {
        this.vertx = vertx;
        this.bus = bus;
        this.alerts = alerts;
        this.writer = writer;
        this.clock = clock;
        for (SensorConfig s : config.sensors()) {
            FirmwareProtocol p = FirmwareProtocol.forSensor(s, topics.root());
            if (p != null) {
                devices.put(s.id(), new Device(s, p, SensorFormat.of(s.format()).availabilityTopic(s.topic())));
            }
        }
    }

    /** The topics the agent subscribes to for the devices' answers. */
    public static List<String> subscriptions(DapurConfig config, Topics topics) {
        List<String> out = new ArrayList<>();
        for (SensorConfig s : config.sensors()) {
            FirmwareProtocol p = FirmwareProtocol.forSensor(s, topics.root());
            if (p != null) {
                out.addAll(p.replyTopics());
            }
        }
        return out.stream().distinct().toList();
    }

    /** Starts checking once the broker connection is up (called on the agent's context). */
    public void start() {
        if (devices.isEmpty() || started) {
            return;
        }
        started = true;
        context = vertx.getOrCreateContext();
        long[] waiting = new long[1];
        waiting[0] = vertx.setPeriodic(500, t -> {
            if (!bus.isConnected()) {
                return;
            }
            vertx.cancelTimer(waiting[0]);
            timers.remove(waiting[0]);
            for (Device d : devices.values()) {
                check(d);
                timers.add(vertx.setPeriodic(d.sensor.firmware().checkEvery().toMillis(), x -> check(d)));
            }
        });
        timers.add(waiting[0]);
    }

    public void stop() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        started = false;
    }

    /** True when the topic carries a firmware answer (then {@link #handle} takes it). */
    public boolean owns(String topic) {
        return devices.values().stream().anyMatch(d -> d.protocol.replyTopics().contains(topic));
    }

    /** A message on a reply topic, or an availability message (a device back online is checked again). */
    public void handle(String topic, byte[] payload) {
        for (Device d : devices.values()) {
            if (d.protocol.replyTopics().contains(topic)) {
                Map<String, JsonNode> seen = d.protocol.observe(topic, payload);
                if (!seen.isEmpty()) {
                    if (d.protocol.wholeAnswer()) {
                        d.observed.clear(); // the whole answer: what it does not name is unset now
                    }
                    d.observed.putAll(seen);
                    if (d.answered != null && d.covered()) {
                        Promise<Void> p = d.answered;
                        d.answered = null;
                        p.tryComplete();
                    }
                }
            }
        }
    }

    /** The food-safety router passes availability messages here too. */
    public void availability(String topic, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        if (!started || !(text.equalsIgnoreCase("online") || text.equals("true") || text.contains("\"online\""))) {
            return;
        }
        for (Device d : devices.values()) {
            if (topic.equals(d.availability)) {
                LOG.info(
                        "sensor firmware: {} is online; checking its settings [device: {}]",
                        d.sensor.id(),
                        d.protocol.device());
                vertx.setTimer(1000, t -> check(d));
            }
        }
    }

    /** For the heartbeat and the sensors' API: per sensor, its firmware state. */
    public Map<String, Object> report(String sensorId) {
        Device d = devices.get(sensorId);
        if (d == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", d.state.name());
        m.put("checkedAt", d.checkedAt == null ? null : d.checkedAt.toString());
        if (!d.differences.isEmpty()) {
            m.put("differences", d.differences);
        }
        return m;
    }

    private Future<Void> check(Device d) {
        if (d.checking) {
            d.again = true; // asked while a check runs (the device came online meanwhile): once more after it
            return Future.succeededFuture();
        }
        d.checking = true;
        return read(d).compose(seen -> {
                    d.checkedAt = clock.instant();
                    if (seen.isEmpty()) {
                        if (d.state == State.PENDING) {
                            // not connected yet at start: it is checked again when it comes online
                            LOG.info(
                                    "sensor firmware: {} did not answer yet [device: {}]",
                                    d.sensor.id(),
                                    d.protocol.device());
                        } else {
                            LOG.warn(
                                    "sensor firmware: {} did not answer [device: {}]",
                                    d.sensor.id(),
                                    d.protocol.device());
                        }
                        if (d.state != State.DRIFT) {
                            d.state = State.UNREACHABLE; // a drifting device that goes quiet stays in drift: its alert
                            // stays
                            // until fixed
                        }
                        return Future.succeededFuture();
                    }
                    Map<String, JsonNode> diff = differences(d, seen);
                    if (diff.isEmpty()) {
                        return held(d);
                    }
                    return heldBefore(d).compose(before -> {
                        Future<Void> raised = Future.succeededFuture();
                        if (before) {
                            raised = drift(
                                    d,
                                    diff,
                                    "lost settings it held (reset to factory settings?): " + describe(diff, seen)
                                            + "; pushing them again");
                        }
                        return raised.compose(x -> push(d, diff))
                                .compose(x -> read(d))
                                .compose(again -> {
                                    d.checkedAt = clock.instant();
                                    Map<String, JsonNode> still = differences(d, again);
                                    if (again.isEmpty()) {
                                        if (d.state != State.DRIFT) {
                                            d.state = State.UNREACHABLE;
                                        }
                                        return Future.succeededFuture();
                                    }
                                    if (still.isEmpty()) {
                                        LOG.info(
                                                "sensor firmware: settings pushed to {} and held [settings: {}]",
                                                d.sensor.id(),
                                                diff.keySet());
                                        return held(d);
                                    }
                                    return drift(d, still, "does not keep its settings: " + describe(still, again));
                                });
                    });
                })
                .recover(e -> {
                    LOG.error("sensor firmware: checking {} failed [error: {}]", d.sensor.id(), e.toString());
                    return Future.succeededFuture();
                })
                .onComplete(ar -> {
                    d.checking = false;
                    if (d.again) {
                        d.again = false;
                        check(d);
                    }
                });
    }

    /**
     * Asks for the wanted settings; completes with what was seen within the answer time. A device whose
     * one answer tells everything (Zigbee2MQTT) is read from its last answer, fresh after each push.
     */
    private Future<Map<String, JsonNode>> read(Device d) {
        if (!d.protocol.wholeAnswer()) {
            d.observed.clear();
        }
        List<FirmwareProtocol.Outgoing> requests = d.protocol.read(d.wanted().keySet());
        if (d.covered()) {
            return Future.succeededFuture(Map.copyOf(d.observed));
        }
        Promise<Void> p = Promise.promise();
        d.answered = p;
        long timer = vertx.setTimer(ANSWER.toMillis(), t -> p.tryComplete());
        return publish(requests).compose(x -> p.future()).map(x -> {
            vertx.cancelTimer(timer);
            d.answered = null;
            return Map.copyOf(d.observed);
        });
    }

    private Future<Void> push(Device d, Map<String, JsonNode> diff) {
        d.observed.clear();
        return publish(d.protocol.write(diff));
    }

    private Future<Void> publish(List<FirmwareProtocol.Outgoing> out) {
        Future<Void> f = Future.succeededFuture();
        for (FirmwareProtocol.Outgoing o : out) {
            f = f.compose(x -> bus.publish(o.topic(), o.payload(), 1, false));
        }
        return f;
    }

    private static Map<String, JsonNode> differences(Device d, Map<String, JsonNode> seen) {
        Map<String, JsonNode> diff = new TreeMap<>();
        d.wanted().forEach((k, v) -> {
            if (!d.protocol.same(v, seen.get(k))) {
                diff.put(k, v);
            }
        });
        return diff;
    }

    private static String describe(Map<String, JsonNode> diff, Map<String, JsonNode> seen) {
        List<String> parts = new ArrayList<>();
        diff.forEach((k, v) -> parts.add(
                k + " " + (seen.get(k) == null ? "unset" : seen.get(k).asText()) + " (wanted " + v.asText() + ")"));
        return String.join(", ", parts);
    }

    private Future<Void> held(Device d) {
        boolean wasDrift = d.state == State.DRIFT || d.state == State.PENDING;
        d.state = State.OK;
        d.differences = Map.of();
        Future<Void> cleared = wasDrift ? alerts.clear(ALERT, d.sensor.id()).mapEmpty() : Future.succeededFuture();
        if (d.held) {
            return cleared;
        }
        d.held = true;
        return cleared.compose(x -> writer.submit(context, true, (c, batch) -> {
                    AgentMeta.set(c, "firmware:" + d.sensor.id(), d.wantedHash);
                    return null;
                }))
                .mapEmpty();
    }

    /** Whether this device was seen holding exactly these wanted settings before (then a difference is drift, not a first push). */
    private Future<Boolean> heldBefore(Device d) {
        if (d.held) {
            return Future.succeededFuture(true);
        }
        return writer.submit(
                context, false, (c, batch) -> d.wantedHash.equals(AgentMeta.get(c, "firmware:" + d.sensor.id())));
    }

    private Future<Void> drift(Device d, Map<String, JsonNode> diff, String what) {
        Map<String, String> differences = new TreeMap<>();
        diff.forEach((k, v) -> differences.put(k, v.asText()));
        d.differences = differences;
        d.held = false;
        String message = "sensor " + d.sensor.id() + " (" + d.sensor.name() + ", " + d.sensor.format() + " "
                + d.protocol.device() + ") " + what;
        if (d.state == State.DRIFT) {
            return Future.succeededFuture();
        }
        d.state = State.DRIFT;
        LOG.warn("sensor firmware: {}", message);
        return alerts.raise(ALERT, d.sensor.id(), "WARNING", message).mapEmpty();
    }

    static String hash(Map<String, JsonNode> settings) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(settings)
                    .forEach((k, v) -> md.update((k + "=" + v.asText() + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
