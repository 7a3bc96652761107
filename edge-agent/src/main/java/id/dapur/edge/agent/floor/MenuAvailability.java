package id.dapur.edge.agent.floor;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.audit.Audit;
import id.dapur.edge.agent.kitchen.StationRouter;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.Outbox;
import id.dapur.edge.agent.storage.WriteBatch;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.cloud.CloudEventType;
import id.dapur.edge.config.MenuConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The 86 board: what is sold out, marked from a kitchen screen, the API or MQTT. Every
 * change is one unit of work: the row, the retained {@code menu/availability} list for POS terminals
 * and its copy for the cloud. {@code until} brings an item back by itself. A modifier is marked with
 * the key {@code mod:<name in lower case>} (extension). With a menu configured, unknown skus and
 * modifiers are refused.
 */
public final class MenuAvailability {
    public static final ErrorCode INVALID = ErrorCode.INVALID_AVAILABILITY;
    public static final CloudEventType MIRROR = CloudEventType.MENU_AVAILABILITY;
    static final Duration MAX_UNTIL = Duration.ofDays(31);

    /** One unavailable item as listed. */
    public record Entry(String sku, String name, Instant since, String by, String reason, Instant until) {}

    /** A valid request: {@code available} false marks it out (until {@code until}, if given). */
    public record Request(String sku, String name, boolean available, String reason, Instant until) {}

    /** The list after a change, published with its commit. */
    public record Changed(List<Entry> unavailable, Instant ts) {}

    private final Vertx vertx;
    private final Database db;
    private final GroupCommitWriter writer;
    private final MenuConfig menu;
    private final Topics topics;
    private final Clock clock;
    private long timer = -1;
    /** The earliest {@code until} of the list last written: when {@link #expire} has work. */
    private volatile Instant nextUntil;

    public MenuAvailability(
            Vertx vertx, Database db, GroupCommitWriter writer, MenuConfig menu, Topics topics, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.writer = writer;
        this.menu = menu;
        this.topics = topics;
        this.clock = clock;
    }

    /** Which skus and modifier keys are unavailable at {@code now}: read by the intake inside the order's transaction. */
    public static Set<String> unavailable(Connection c, Instant now) throws SQLException {
        return H2MenuStore.unavailable(c, now);
    }

    /** Publishes the list as it is (retained, for POS terminals that connect later), then expires entries every 5 s. */
    public Future<Void> start() {
        return change((c, batch) -> {}).<Void>mapEmpty().onSuccess(v -> timer = vertx.setPeriodic(1000, t -> expire()));
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * {@code {"sku", "name"?, "available", "reason"?, "until"?}}: validates against the menu and the
     * clock, then applies it. Completes with the entry ({@code available: false}) or
     * {@code {"sku", "available": true}}; a Problem for bad input, which changes nothing.
     */
    public Future<Map<String, Object>> set(byte[] body, String by) {
        Request r;
        try {
            r = parse(Payloads.parseObject(body), clock.instant());
        } catch (Problem.Failure f) {
            return Future.failedFuture(f);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        return change((c, batch) -> {
                    Instant now = clock.instant();
                    if (r.available()) {
                        H2MenuStore.available(c, r.sku());
                        out.put("sku", r.sku());
                        out.put("available", true);
                        Audit.append(c, batch, now, by, "MENU_AVAILABLE", r.sku(), Map.of());
                        return;
                    }
                    String name = r.name() != null ? r.name() : nameOf(r.sku());
                    H2MenuStore.unavailable(c, r.sku(), name, now, by, r.reason(), r.until());
                    out.put("sku", r.sku());
                    out.put("available", false);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("name", name);
                    if (r.reason() != null) {
                        details.put("reason", r.reason());
                    }
                    if (r.until() != null) {
                        details.put("until", r.until().toString());
                    }
                    Audit.append(c, batch, now, by, "MENU_UNAVAILABLE", r.sku(), details);
                })
                .map(list -> {
                    if (!r.available()) {
                        list.stream()
                                .filter(e -> e.sku().equals(r.sku()))
                                .findFirst()
                                .ifPresent(e -> {
                                    out.put("name", e.name());
                                    out.put("since", e.since());
                                    out.put("by", e.by());
                                    if (e.reason() != null) {
                                        out.put("reason", e.reason());
                                    }
                                    if (e.until() != null) {
                                        out.put("until", e.until());
                                    }
                                });
                    }
                    return out;
                });
    }

    /** What is unavailable now, oldest first. */
    public Future<List<Entry>> list() {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection()) {
                        return H2MenuStore.read(c, clock.instant());
                    }
                },
                false);
    }

    Request parse(JsonNode o, Instant now) {
        String sku = Payloads.text(o, "sku", "sku", INVALID, true, 140);
        if (sku.startsWith("mod:")) {
            String modifier = sku.substring(4);
            if (modifier.isBlank() || modifier.length() > 128) {
                throw Payloads.invalid(
                                INVALID, "sku", "names a modifier as mod:<name>, with a name of 1-128 characters")
                        .asFailure();
            }
            sku = StationRouter.modifierKey(modifier);
            String key = sku;
            if (!menu.modifiers().isEmpty()
                    && menu.modifiers().stream()
                            .noneMatch(m -> StationRouter.modifierKey(m).equals(key))) {
                throw Problem.of(ErrorCode.UNKNOWN_SKU, "no modifier '" + modifier + "' on this outlet's menu")
                        .withDetail("field", "sku")
                        .asFailure();
            }
        } else {
            if (!MenuConfig.SKU.matcher(sku).matches()) {
                throw Payloads.invalid(INVALID, "sku", "must be 1-64 characters of A-Z a-z 0-9 . _ : -")
                        .asFailure();
            }
            if (menu.catalogued() && menu.item(sku).isEmpty()) {
                throw Problem.of(ErrorCode.UNKNOWN_SKU, "no sku '" + sku + "' on this outlet's menu")
                        .withDetail("field", "sku")
                        .asFailure();
            }
        }
        String name = Payloads.text(o, "name", "name", INVALID, false, 128);
        JsonNode a = o.get("available");
        if (a == null || !a.isBoolean()) {
            throw Payloads.invalid(INVALID, "available", "must be true or false")
                    .asFailure();
        }
        String reason = Payloads.text(o, "reason", "reason", INVALID, false, 200);
        String u = Payloads.text(o, "until", "until", INVALID, false, 40);
        Instant until = null;
        if (u != null) {
            try {
                until = OffsetDateTime.parse(u).toInstant();
            } catch (RuntimeException e) {
                throw Payloads.invalid(
                                INVALID,
                                "until",
                                "must be an ISO-8601 date-time with offset, like 2026-12-02T22:00:00+07:00")
                        .asFailure();
            }
            if (!until.isAfter(now)) {
                throw Payloads.invalid(INVALID, "until", "is in the past (" + u + "); it must be a time still to come")
                        .asFailure();
            }
            if (until.isAfter(now.plus(MAX_UNTIL))) {
                throw Payloads.invalid(INVALID, "until", "is more than 31 days ahead")
                        .asFailure();
            }
            if (a.asBoolean()) {
                throw Payloads.invalid(INVALID, "until", "goes with available: false only")
                        .asFailure();
            }
        }
        return new Request(sku, name, a.asBoolean(), reason, until);
    }

    private String nameOf(String sku) {
        if (sku.startsWith("mod:")) {
            String key = sku;
            return menu.modifiers().stream()
                    .filter(m -> StationRouter.modifierKey(m).equals(key))
                    .findFirst()
                    .orElse(sku.substring(4));
        }
        return menu.item(sku).map(MenuConfig.Item::name).orElse(sku);
    }

    /**
     * Entries whose {@code until} has passed are removed, and the list republished, in one unit of work;
     * looked at only once the earliest {@code until} of the last list has come.
     */
    void expire() {
        Instant due = nextUntil;
        if (due == null || clock.instant().isBefore(due)) {
            return;
        }
        nextUntil = null;
        change((c, batch) -> {
                    H2MenuStore.expire(c, clock.instant());
                })
                .onFailure(e -> nextUntil = due); // tried again on the next tick
    }

    @FunctionalInterface
    private interface Work {
        void apply(Connection c, WriteBatch batch) throws SQLException;
    }

    /** Applies {@code work}, then writes the list as it is now: retained MQTT, the cloud's copy, the screens. */
    private Future<List<Entry>> change(Work work) {
        return writer.submit(vertx.getOrCreateContext(), true, (c, batch) -> {
                    work.apply(c, batch);
                    Instant now = clock.instant();
                    List<Entry> list = H2MenuStore.read(c, now);
                    publish(c, batch, list, now);
                    return list;
                })
                .onSuccess(list -> nextUntil = list.stream()
                        .map(Entry::until)
                        .filter(Objects::nonNull)
                        .min(Instant::compareTo)
                        .orElse(null));
    }

    private void publish(Connection c, WriteBatch batch, List<Entry> list, Instant now) throws SQLException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unavailable", list);
        body.put("ts", now);
        Outbox.write(c, batch, topics.menuAvailability(), body, true, now, MIRROR);
        batch.publish(new Changed(list, now));
    }

    /** For the screens: a change listener gets each new list (after commit). */
    public static Consumer<List<Changed>> latest(Consumer<Changed> each) {
        return changes -> each.accept(changes.get(changes.size() - 1));
    }
}
