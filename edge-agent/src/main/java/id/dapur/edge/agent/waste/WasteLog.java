package id.dapur.edge.agent.waste;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.audit.Audit;
import id.dapur.edge.agent.staff.StationStaff;
import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.cloud.CloudEventType;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.MenuConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Waste entries. An entry is stored, sent to the cloud (stream {@code waste}) and
 * audited in one unit of work. Idempotent by {@code wasteId}: the same request again answers the
 * stored entry (a retry that names a scale does not weigh again), other content under the same id is
 * {@code WASTE_CONFLICT}. With a scale and no grams, the stable weight is taken first: a scale that is
 * unstable, overloaded, negative or offline gives its error code and nothing is stored.
 */
public final class WasteLog {
    public static final CloudEventType MIRROR = CloudEventType.WASTE_ENTRY;
    static final int MAX_LISTED = 5000;

    /** Takes a stable weight in grams from a scale, or fails with the scale's problem. */
    @FunctionalInterface
    public interface Weigher {
        Future<Double> grams(String scale);
    }

    /** The stored entry, and whether this request created it. */
    public record Logged(WasteEntry entry, boolean created) {}

    private final Vertx vertx;
    private final Context context;
    private final Database db;
    private final GroupCommitWriter writer;
    private final DapurConfig config;
    private final Set<String> scales;
    private final Weigher weigher;
    private final Clock clock;

    public WasteLog(
            Vertx vertx, Database db, GroupCommitWriter writer, DapurConfig config, Weigher weigher, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.db = db;
        this.writer = writer;
        this.config = config;
        this.scales = Set.copyOf(config.scales().stream().map(s -> s.id()).toList());
        this.weigher = weigher;
        this.clock = clock;
    }

    /** Logs an entry asked for by {@code from}, made at {@code atStation}'s screen (null: not a screen). */
    public Future<Logged> log(JsonNode body, String from, String atStation) {
        WasteRequest req;
        try {
            req = WasteRequest.parse(body, config.menu(), config.staff(), scales);
        } catch (Problem.Failure f) {
            return Future.failedFuture(f);
        }
        return vertx.executeBlocking(
                        () -> {
                            try (Connection c = db.connection()) {
                                return existing(c, req);
                            }
                        },
                        false)
                .compose(known -> {
                    if (known.isPresent()) {
                        return Future.succeededFuture(known.get());
                    }
                    Future<Double> grams =
                            req.weighs() ? weigher.grams(req.scale()) : Future.succeededFuture(req.grams());
                    return grams.compose(g -> writer.submit(context, true, (c, batch) -> {
                        Optional<Logged> raced = existing(c, req);
                        if (raced.isPresent()) {
                            return raced.get();
                        }
                        Instant now = clock.instant();
                        String by = req.staffId() != null ? req.staffId() : StationStaff.at(c, atStation);
                        Double cost = cost(req, g);
                        WasteEntry entry = new WasteEntry(
                                req.wasteId(),
                                now,
                                req.sku(),
                                req.name(),
                                req.reason().name(),
                                g,
                                req.qty(),
                                req.scale(),
                                by,
                                atStation,
                                cost);
                        H2WasteStore.insert(c, entry, req.canonical());
                        CloudRows.add(c, batch, MIRROR, entry, now);
                        Map<String, Object> details = Json.MAPPER.convertValue(
                                entry,
                                new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
                        details.remove("wasteId");
                        details.remove("at");
                        if (by != null) {
                            details.put("by", by);
                            details.put("via", from);
                        }
                        Audit.append(
                                c,
                                batch,
                                now,
                                by != null ? "staff:" + by : from,
                                "WASTE_LOGGED",
                                req.wasteId(),
                                details);
                        return new Logged(entry, true);
                    }));
                });
    }

    private Double cost(WasteRequest req, Double grams) {
        Optional<MenuConfig.Item> item =
                req.sku() == null ? Optional.empty() : config.menu().item(req.sku());
        if (item.isEmpty()) {
            return null;
        }
        MenuConfig.Item i = item.get();
        Double cost = grams != null && i.costPerKg() != null
                ? Double.valueOf(grams / 1000 * i.costPerKg())
                : req.qty() != null && i.unitCost() != null ? Double.valueOf(req.qty() * i.unitCost()) : null;
        return cost == null ? null : Math.round(cost * 100) / 100.0;
    }

    private static Optional<Logged> existing(Connection c, WasteRequest req) throws SQLException {
        Optional<H2WasteStore.Stored> stored = H2WasteStore.byId(c, req.wasteId());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!stored.get().request().equals(req.canonical())) {
            throw Problem.of(
                            ErrorCode.WASTE_CONFLICT,
                            "waste entry " + req.wasteId() + " was already logged with other content")
                    .asFailure();
        }
        return Optional.of(new Logged(stored.get().entry(), false));
    }

    /** Entries in [from, to), oldest first (at most 5,000, then {@code truncated}), and totals by sku, name and reason. */
    public Future<WasteList> list(Instant from, Instant to) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection()) {
                        return list(c, from, to, MAX_LISTED);
                    }
                },
                false);
    }

    static WasteList list(Connection c, Instant from, Instant to, int max) throws SQLException {
        return H2WasteStore.list(c, from, to, max);
    }

    /** Totals by sku, name and reason of the entries in [from, to), with their cost when known. */
    public static List<WasteTotal> totals(Connection c, Instant from, Instant to) throws SQLException {
        return H2WasteStore.totals(c, from, to);
    }

    /** Whether anything was logged in [from, to). */
    public static boolean any(Connection c, Instant from, Instant to) throws SQLException {
        return H2WasteStore.any(c, from, to);
    }

    /** Deletes entries older than {@code before}, 5,000 at a time; how many went. */
    public Future<Integer> purge(Instant before) {
        return writer.submit(context, false, (c, batch) -> H2WasteStore.purge(c, before));
    }
}
