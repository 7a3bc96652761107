package id.dapur.edge.agent.waste;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.audit.AuditTrail;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
                        try (PreparedStatement ps = c.prepareStatement(
                                "INSERT INTO waste (waste_id, at, sku, name, reason, grams, qty, scale, staff_id,"
                                        + " station, cost, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                            ps.setString(1, req.wasteId());
                            ps.setTimestamp(2, Timestamp.from(now));
                            ps.setString(3, req.sku());
                            ps.setString(4, req.name());
                            ps.setString(5, req.reason().name());
                            ps.setObject(6, g);
                            ps.setObject(7, req.qty());
                            ps.setString(8, req.scale());
                            ps.setString(9, by);
                            ps.setString(10, atStation);
                            ps.setObject(11, cost);
                            ps.setString(12, req.canonical());
                            ps.executeUpdate();
                        }
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
                        AuditTrail.append(
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
        try (PreparedStatement ps =
                c.prepareStatement("SELECT request, " + COLUMNS + " FROM waste WHERE waste_id = ?")) {
            ps.setString(1, req.wasteId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!rs.getString(1).equals(req.canonical())) {
                    throw Problem.of(
                                    ErrorCode.WASTE_CONFLICT,
                                    "waste entry " + req.wasteId() + " was already logged with other content")
                            .asFailure();
                }
                return Optional.of(new Logged(read(rs, 2), false));
            }
        }
    }

    private static final String COLUMNS = "waste_id, at, sku, name, reason, grams, qty, scale, staff_id, station, cost";

    private static WasteEntry read(ResultSet rs, int i) throws SQLException {
        return new WasteEntry(
                rs.getString(i),
                rs.getTimestamp(i + 1).toInstant(),
                rs.getString(i + 2),
                rs.getString(i + 3),
                rs.getString(i + 4),
                (Double) rs.getObject(i + 5),
                (Integer) rs.getObject(i + 6),
                rs.getString(i + 7),
                rs.getString(i + 8),
                rs.getString(i + 9),
                (Double) rs.getObject(i + 10));
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
        List<WasteEntry> entries = new ArrayList<>();
        boolean truncated = false;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM waste WHERE at >= ? AND at < ? ORDER BY at, waste_id LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setInt(3, max + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (entries.size() == max) {
                        truncated = true;
                        break;
                    }
                    entries.add(read(rs, 1));
                }
            }
        }
        return new WasteList(entries, totals(c, from, to), truncated ? Boolean.TRUE : null);
    }

    /** Totals by sku, name and reason of the entries in [from, to), with their cost when known. */
    public static List<WasteTotal> totals(Connection c, Instant from, Instant to) throws SQLException {
        List<WasteTotal> totals = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT sku, name, reason, SUM(grams), SUM(qty), SUM(cost), COUNT(*) FROM waste"
                        + " WHERE at >= ? AND at < ? GROUP BY sku, name, reason ORDER BY name, reason")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    totals.add(new WasteTotal(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4) == null ? 0.0 : Math.round(rs.getDouble(4) * 10) / 10.0,
                            rs.getObject(5) == null ? 0 : rs.getLong(5),
                            rs.getObject(6) == null ? null : Math.round(rs.getDouble(6) * 100) / 100.0,
                            rs.getLong(7)));
                }
            }
        }
        return totals;
    }

    /** Deletes entries older than {@code before}, 5,000 at a time; how many went. */
    public Future<Integer> purge(Instant before) {
        return writer.submit(context, false, (c, batch) -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM waste WHERE at < ? LIMIT 5000")) {
                ps.setTimestamp(1, Timestamp.from(before));
                return ps.executeUpdate();
            }
        });
    }
}
