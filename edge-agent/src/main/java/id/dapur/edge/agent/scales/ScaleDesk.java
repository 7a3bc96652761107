package id.dapur.edge.agent.scales;

import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.DevicesConfig.ScaleConfig;
import id.dapur.edge.devices.printer.EscPosPrinter;
import id.dapur.edge.devices.scale.ScaleProtocol;
import id.dapur.edge.devices.scale.ScaleReading;
import id.dapur.edge.devices.scale.SerialScale;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outlet's scales: one {@link SerialScale} thread per scale; its readings hop onto the agent's
 * context, are kept as the latest, and published on {@code scales/<id>/weight} (QoS 0) when they change.
 * A weight asked for over the API is a stable one, waited for a moment, or a clear reason.
 */
public final class ScaleDesk {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleDesk.class);
    static final Duration FRESH = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final Context context;
    private final MqttBus bus;
    private final Topics topics;
    private final Clock clock;
    private final Map<String, Scale> scales = new LinkedHashMap<>();

    private static final class Scale {
        final ScaleConfig config;
        SerialScale driver;
        String unsupported;
        ScaleReading last;
        SerialScale.Connection connection = new SerialScale.Connection(false, "starting");
        String lastGarbage;
        final List<Promise<ScaleReading>> waiting = new ArrayList<>();

        Scale(ScaleConfig config) {
            this.config = config;
        }
    }

    /** Create on the agent's event loop. */
    public ScaleDesk(Vertx vertx, DapurConfig config, MqttBus bus, Topics topics, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.bus = bus;
        this.topics = topics;
        this.clock = clock;
        for (ScaleConfig s : config.scales()) {
            scales.put(s.id(), new Scale(s));
        }
    }

    /** Opens every scale on its own thread (blocking work stays there). */
    public void start() {
        for (Scale s : scales.values()) {
            ScaleProtocol protocol;
            try {
                protocol = ScaleProtocol.of(s.config.protocol(), s.config.unit());
            } catch (IllegalArgumentException e) {
                s.unsupported = e.getMessage();
                s.connection = new SerialScale.Connection(false, e.getMessage());
                LOG.warn("scale not driven [scale: {}, reason: {}]", s.config.id(), e.getMessage());
                continue;
            }
            s.driver = new SerialScale(
                    s.config.id(),
                    EscPosPrinter.link(s.config.connection(), Duration.ofSeconds(2)),
                    protocol,
                    s.config.pollInterval(),
                    new SerialScale.Listener() {
                        @Override
                        public void reading(ScaleReading r) {
                            context.runOnContext(v -> onReading(s, r));
                        }

                        @Override
                        public void connection(SerialScale.Connection c) {
                            context.runOnContext(v -> s.connection = c);
                        }

                        @Override
                        public void garbage(String reason) {
                            context.runOnContext(v -> s.lastGarbage = reason);
                        }
                    },
                    clock);
            s.driver.start();
        }
    }

    public void stop() {
        scales.values().stream().map(s -> s.driver).filter(Objects::nonNull).forEach(SerialScale::close);
    }

    private void onReading(Scale s, ScaleReading r) {
        ScaleReading before = s.last;
        s.last = r;
        if (r.stable()) {
            List<Promise<ScaleReading>> w = new ArrayList<>(s.waiting);
            s.waiting.clear();
            w.forEach(p -> p.tryComplete(r));
        }
        if (before == null || before.grams() != r.grams() || before.stable() != r.stable()) {
            bus.publish(topics.scaleWeight(s.config.id()), Json.bytes(payload(r)), 0, false);
        }
    }

    static Map<String, Object> payload(ScaleReading r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grams", r.grams());
        m.put("stable", r.stable());
        m.put("ts", r.at());
        if (!r.stable()) {
            m.put("reason", r.state().reason());
        }
        return m;
    }

    public boolean knows(String id) {
        return scales.containsKey(id);
    }

    /** A stable weight, waiting up to {@code wait} for the pan to settle; else a Problem saying why not. */
    public Future<ScaleReading> weight(String id, Duration wait) {
        Scale s = scales.get(id);
        Problem now = problem(s);
        if (now == null) {
            return Future.succeededFuture(s.last);
        }
        if (s.unsupported != null || !s.connection.connected() || wait.isZero()) {
            return Future.failedFuture(now.asFailure());
        }
        Promise<ScaleReading> p = Promise.promise();
        s.waiting.add(p);
        long timer = vertx.setTimer(wait.toMillis(), t -> {
            s.waiting.remove(p);
            Problem why = problem(s);
            p.tryFail(
                    why == null
                            ? Problem.of(ErrorCode.SCALE_UNSTABLE, "no stable weight yet")
                                    .asFailure()
                            : why.asFailure());
        });
        return p.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    private Problem problem(Scale s) {
        if (s.unsupported != null) {
            return Problem.of(ErrorCode.NOT_SUPPORTED, s.unsupported);
        }
        if (!s.connection.connected() || s.last == null) {
            return Problem.of(
                    ErrorCode.SCALE_OFFLINE, "scale " + s.config.id() + " is not answering: " + s.connection.reason());
        }
        if (Duration.between(s.last.at(), clock.instant()).compareTo(FRESH) > 0) {
            return Problem.of(
                    ErrorCode.SCALE_OFFLINE,
                    "scale " + s.config.id() + " has sent no weight for "
                            + Duration.between(s.last.at(), clock.instant()).toSeconds() + " s");
        }
        return switch (s.last.state()) {
            case STABLE -> null;
            case MOTION -> Problem.of(ErrorCode.SCALE_UNSTABLE, "the scale is in motion; wait for it to settle");
            case OVERLOAD -> Problem.of(ErrorCode.SCALE_OVERLOAD, "the weight is over the scale's capacity");
            case NEGATIVE -> Problem.of(ErrorCode.SCALE_NEGATIVE, "the weight is below zero; zero or tare the scale");
        };
    }

    /** Tares (or zeroes) the scale; fails with NOT_SUPPORTED, SCALE_OFFLINE or the scale's refusal. */
    public Future<Void> command(String id, boolean tare) {
        Scale s = scales.get(id);
        if (s.driver == null) {
            return Future.failedFuture(
                    Problem.of(ErrorCode.NOT_SUPPORTED, s.unsupported).asFailure());
        }
        CompletableFuture<Void> f = tare ? s.driver.tare() : s.driver.zero();
        Promise<Void> p = Promise.promise();
        f.whenComplete((v, e) -> context.runOnContext(x -> {
            if (e == null) {
                p.complete();
            } else {
                Throwable c = e instanceof CompletionException ? e.getCause() : e;
                p.fail((c instanceof UnsupportedOperationException
                                ? Problem.of(ErrorCode.NOT_SUPPORTED, c.getMessage())
                                : c instanceof IOException
                                        ? Problem.of(ErrorCode.SCALE_OFFLINE, c.getMessage())
                                        : Problem.of(ErrorCode.SCALE_REFUSED, c.getMessage()))
                        .asFailure());
            }
        }));
        return p.future();
    }

    /** Every scale and its state, for the API and the heartbeat. */
    public List<Map<String, Object>> scales() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Scale s : scales.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.config.id());
            m.put("protocol", s.config.protocol());
            m.put("connected", s.connection.connected());
            if (!s.connection.connected()) {
                m.put("reason", s.connection.reason());
            }
            if (s.last != null) {
                m.put("last", payload(s.last));
            }
            if (s.driver != null) {
                m.put("garbageFrames", s.driver.garbageFrames());
            }
            if (s.lastGarbage != null) {
                m.put("lastGarbage", s.lastGarbage);
            }
            out.add(m);
        }
        return out;
    }
}
