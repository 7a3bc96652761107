package id.dapur.edge.agent.foodsafety;

import id.dapur.edge.agent.alerts.Alert;
import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.messaging.DeadLetters;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.HaccpConfig;
import id.dapur.edge.config.SensorConfig;
import id.dapur.edge.devices.sensor.SensorFormat;
import id.dapur.edge.devices.sensor.SensorMessage;
import id.dapur.edge.devices.sensor.SensorPayloadException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the temperature sensors: reads each message in its vendor format, applies the sensor's
 * calibration offset, runs the HACCP rules, stores readings (at most one per {@code storeEvery}, plus
 * every reading during an excursion) and excursions, raises, escalates and clears alerts. Everything runs on
 * the agent's event loop; storage goes to the writer thread.
 */
public final class FoodSafety {
    private volatile SensorFirmware firmware;
    private static final Logger LOG = LoggerFactory.getLogger(FoodSafety.class);
    public static final List<String> KINDS =
            List.of("TEMPERATURE_HIGH", "TEMPERATURE_LOW", TemperatureRule.STALE, "DOOR_OPEN");

    private final Vertx vertx;
    private final HaccpConfig haccp;
    private final H2HaccpStore store;
    private final Alerts alerts;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final Topics topics;
    private final AgentMetrics metrics;
    private final Map<String, Watched> byId = new LinkedHashMap<>();
    private final Map<String, Watched> byTopic = new LinkedHashMap<>();
    private final Map<String, Watched> byAvailability = new LinkedHashMap<>();
    private final List<H2HaccpStore.Reading> pending = new ArrayList<>();
    private final List<Long> timers = new ArrayList<>();

    /** One sensor: its config, its rule, and what it last said. */
    private static final class Watched {
        final SensorConfig config;
        final SensorFormat format;
        final TemperatureRule rule;
        final CoolingRule cooling;
        Instant lastStored;
        Double celsius;
        Instant at;
        Integer battery;
        Integer linkQuality;
        H2HaccpStore.ExcursionStart excursion; // open excursion, as it started

        Watched(SensorConfig config, TemperatureRule rule, CoolingRule cooling) {
            this.config = config;
            this.format = SensorFormat.of(config.format());
            this.rule = rule;
            this.cooling = cooling;
        }
    }

    public FoodSafety(
            Vertx vertx,
            DapurConfig config,
            H2HaccpStore store,
            Alerts alerts,
            DeadLetters deadLetters,
            Topics topics,
            AgentMetrics metrics,
            Clock clock,
            ZoneId zone) {
        this.vertx = vertx;
        this.haccp = config.haccp();
        this.store = store;
        this.alerts = alerts;
        this.deadLetters = deadLetters;
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
        Instant now = clock.instant();
        for (SensorConfig s : config.sensors()) {
            boolean cooling = "cooling".equals(s.equipment());
            Watched w = new Watched(
                    s,
                    new TemperatureRule(s, cooling ? null : haccp.limit(s), zone, now),
                    cooling ? new CoolingRule(s.name(), haccp.cooling()) : null);
            byId.put(s.id(), w);
            if (s.topic() != null) {
                byTopic.put(s.topic(), w);
                byAvailability.put(w.format.availabilityTopic(s.topic()), w);
            }
        }
    }

    /** The MQTT topics to subscribe to: the contract's sensor topics and each vendor's data and availability topics. */
    public static List<String> subscriptions(DapurConfig config, Topics topics) {
        List<String> out = new ArrayList<>();
        if (!config.sensors().isEmpty()) {
            out.add(topics.sensors());
        }
        for (SensorConfig s : config.sensors()) {
            if (s.topic() != null) {
                out.add(s.topic());
                out.add(SensorFormat.of(s.format()).availabilityTopic(s.topic()));
            }
        }
        return out.stream().distinct().toList();
    }

    /** Starts the clocks: rules every second, escalation every 5 s, retention every hour. */
    public Future<Void> start() {
        List<Future<?>> steps = new ArrayList<>();
        steps.add(store.openExcursions()
                .compose(open -> alerts.open().compose(openAlerts -> resume(open, openAlerts))));
        for (Watched w : byId.values()) {
            steps.add(store.calibration(w.config.id(), w.config.offset(), "config")
                    .onSuccess(changed -> {
                        if (changed) {
                            LOG.info(
                                    "sensor calibration recorded [sensor: {}, offset: {}]",
                                    w.config.id(),
                                    w.config.offset());
                        }
                    }));
        }
        timers.add(vertx.setPeriodic(1000, t -> tick()));
        timers.add(vertx.setPeriodic(
                5000,
                t -> alerts.escalateDue(KINDS, haccp.escalateAfter())
                        .onFailure(e -> LOG.warn("alert escalation failed [error: {}]", e.toString()))));
        timers.add(vertx.setPeriodic(30_000, 3_600_000, t -> retain()));
        return Future.all(steps).mapEmpty();
    }

    /**
     * Picks up where the last run left off: a sensor's open excursion goes on (the next reading inside
     * the limit ends it), its open alert is known to its rule (so it clears), as is a stale alert. An
     * open excursion of a sensor no longer watched is ended now.
     */
    private Future<Void> resume(List<H2HaccpStore.Excursion> open, List<Alert> openAlerts) {
        Set<String> alerting = new HashSet<>();
        for (Alert a : openAlerts) {
            alerting.add(a.subject() + "/" + a.kind());
        }
        List<Future<?>> ended = new ArrayList<>();
        Map<String, H2HaccpStore.Excursion> bySensor = new HashMap<>();
        for (H2HaccpStore.Excursion x : open) {
            Watched w = byId.get(x.sensorId());
            if (w != null && w.rule != null && w.rule.kind().equals(x.kind())) {
                bySensor.put(x.sensorId(), x);
            } else {
                ended.add(store.excursionEnded(x.sensorId(), clock.instant(), x.peak()));
            }
        }
        for (Watched w : byId.values()) {
            if (w.rule == null) {
                continue;
            }
            String subject = "sensor:" + w.config.id();
            H2HaccpStore.Excursion x = bySensor.get(w.config.id());
            boolean alertOpen = alerting.contains(subject + "/" + w.rule.kind());
            boolean staleOpen = alerting.contains(subject + "/" + TemperatureRule.STALE);
            if (x != null || alertOpen || staleOpen) {
                w.rule.resume(x == null ? null : x.startedAt(), x == null ? 0 : x.peak(), alertOpen, staleOpen);
                w.excursion = x == null
                        ? null
                        : new H2HaccpStore.ExcursionStart(x.kind(), x.limit(), x.startedAt(), x.peak());
                LOG.info(
                        "food safety state resumed [sensor: {}, excursion open: {}, alert open: {}, stale: {}]",
                        w.config.id(),
                        x != null,
                        alertOpen,
                        staleOpen);
            }
        }
        return Future.all(ended).mapEmpty();
    }

    public void stop() {
        timers.forEach(vertx::cancelTimer);
        flush();
    }

    /** Handles a message if it is a sensor's; false when the topic is not a sensor topic. */
    public boolean handle(String topic, byte[] payload) {
        String id = topics.sensorOf(topic);
        Watched w = id != null ? byId.get(id) : byTopic.get(topic);
        boolean availability = false;
        if (w == null && id == null) {
            w = byAvailability.get(topic);
            availability = w != null;
        }
        if (w == null) {
            if (id == null) {
                return false;
            }
            deadLetters.record(
                    topic,
                    Problem.of(ErrorCode.UNKNOWN_SENSOR, "no sensor '" + id + "' is configured at this outlet"),
                    payload);
            return true;
        }
        if (id != null && !"dapur".equals(w.config.format())) {
            deadLetters.record(
                    topic,
                    Problem.of(
                            ErrorCode.WRONG_FORMAT,
                            "sensor '" + id + "' is configured for " + w.config.format() + " on " + w.config.topic()),
                    payload);
            return true;
        }
        try {
            SensorMessage m = w.format.decode(payload, availability, w.config.unit(), w.config.channel());
            Instant now = clock.instant();
            if (m instanceof SensorMessage.Reading r) {
                reading(w, r, now);
            } else if (m instanceof SensorMessage.Availability a) {
                apply(w, w.rule.availability(a.online(), now));
            }
        } catch (SensorPayloadException e) {
            metrics.counter(
                            "dapur.sensor.rejected",
                            "sensor",
                            w.config.id(),
                            "code",
                            e.code().name())
                    .increment();
            deadLetters.record(
                    topic,
                    Problem.of(ErrorCode.valueOf(e.code().name()), "sensor " + w.config.id() + ": " + e.getMessage()),
                    payload);
        }
        return true;
    }

    private void reading(Watched w, SensorMessage.Reading r, Instant now) {
        double celsius = Math.round((r.celsius() + w.config.offset()) * 100) / 100.0;
        w.celsius = celsius;
        w.at = now;
        w.battery = r.battery();
        w.linkQuality = r.linkQuality();
        metrics.counter("dapur.sensor.readings", "sensor", w.config.id()).increment();
        List<Verdict> verdicts = new ArrayList<>(w.rule.reading(celsius, now));
        if (w.cooling != null) {
            verdicts.addAll(w.cooling.reading(celsius, now));
        }
        // a sensor's own clock is believed only when it is close to ours; the rules always run on ours
        Instant at = r.at() != null && Duration.between(r.at(), now).abs().compareTo(Duration.ofMinutes(10)) < 0
                ? r.at()
                : now;
        // every reading of an excursion is kept, so its peak is in the record, not only in the excursion row
        if (w.lastStored == null
                || !verdicts.isEmpty()
                || w.rule.inExcursion()
                || Duration.between(w.lastStored, now).compareTo(haccp.storeEvery()) >= 0) {
            w.lastStored = now;
            pending.add(new H2HaccpStore.Reading(w.config.id(), at, celsius, r.value(), r.unit()));
        }
        apply(w, verdicts);
    }

    private void tick() {
        Instant now = clock.instant();
        for (Watched w : byId.values()) {
            List<Verdict> v = new ArrayList<>(w.rule.tick(now));
            if (w.cooling != null) {
                v.addAll(w.cooling.tick(now));
            }
            apply(w, v);
        }
        flush();
    }

    private void apply(Watched w, List<Verdict> verdicts) {
        String id = w.config.id();
        String subject = "sensor:" + id;
        for (Verdict v : verdicts) {
            if (v instanceof Verdict.ExcursionStarted s) {
                w.excursion = new H2HaccpStore.ExcursionStart(s.kind(), s.limit(), s.at(), s.celsius());
                kept("excursion start", subject, store.excursionStarted(id, s.kind(), s.limit(), s.at(), s.celsius()));
            } else if (v instanceof Verdict.ExcursionEnded e) {
                w.excursion = null;
                kept("excursion end", subject, store.excursionEnded(id, e.at(), e.peak()));
            } else if (v instanceof Verdict.Raise r) {
                LOG.warn("food safety alert [sensor: {}, kind: {}, message: {}]", id, r.kind(), r.message());
                H2HaccpStore.ExcursionStart start = w.excursion;
                // the alert, its excursion and their link are one unit: stored together or not at all
                alerts.raise(
                        r.kind(),
                        subject,
                        r.severity(),
                        r.message(),
                        r.kind().equals(TemperatureRule.STALE)
                                ? null
                                : (c, alertId) -> store.linkExcursion(c, id, alertId, start));
            } else if (v instanceof Verdict.Clear c) {
                LOG.info("food safety alert cleared [sensor: {}, kind: {}]", id, c.kind());
                alerts.clear(c.kind(), subject);
            }
        }
    }

    /** A HACCP record that still could not be stored after waiting for room: logged, counted, alerted. */
    private void kept(String record, String subject, Future<?> f) {
        f.onFailure(e -> alerts.notStored(record, subject, e));
    }

    private void flush() {
        if (!pending.isEmpty()) {
            List<H2HaccpStore.Reading> batch = new ArrayList<>(pending);
            pending.clear();
            kept(batch.size() + " temperature readings", "sensors", store.record(batch));
        }
    }

    private void retain() {
        store.retain(haccp.rawRetention(), haccp.rollupInterval(), haccp.recordRetention(), haccp.maxRawRows())
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("readings folded into intervals [readings: {}]", n);
                        if (n >= 20_000) {
                            retain();
                        }
                    }
                })
                .onFailure(e -> LOG.warn("reading retention failed [error: {}]", e.toString()));
    }

    /** Each sensor's config, last reading and state, for the API and screens. */
    /** The sensors' firmware settings, reported with each sensor. */
    public void firmware(SensorFirmware firmware) {
        this.firmware = firmware;
    }

    public List<Map<String, Object>> sensors() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Watched w : byId.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> fw = firmware == null ? null : firmware.report(w.config.id());
            m.put("id", w.config.id());
            m.put("name", w.config.name());
            m.put("equipment", w.config.equipment());
            m.put("format", w.config.format());
            m.put("limit", w.rule.limit());
            m.put("offset", w.config.offset());
            m.put("celsius", w.celsius);
            m.put("at", w.at);
            m.put(
                    "state",
                    w.rule.stale()
                            ? "STALE"
                            : w.rule.alerting()
                                    ? "ALERT"
                                    : w.rule.inExcursion() ? "EXCURSION" : w.celsius == null ? "NO_DATA" : "OK");
            if (w.battery != null) {
                m.put("battery", w.battery);
            }
            if (w.linkQuality != null) {
                m.put("linkQuality", w.linkQuality);
            }
            if (fw != null) {
                m.put("firmware", fw);
            }
            out.add(m);
        }
        return out;
    }
}
