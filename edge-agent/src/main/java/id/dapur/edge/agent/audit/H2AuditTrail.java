package id.dapur.edge.agent.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.WriteBatch;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.cloud.CloudEventType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit trail: an entry for every change a person or a remote party makes,
 * written by the change's own unit of work (so there is never a change without its entry, nor an
 * entry without its change), hash-chained: {@code hash = SHA-256(prevHash || canonical JSON of the
 * entry without hash)}, the first entry chaining to 64 zeros. Canonical JSON: object keys sorted,
 * no whitespace, UTF-8, as Jackson writes strings, integers and booleans (RFC 8785 for these values).
 * Each entry also goes to the cloud (stream {@code audit}, never shed), which keeps the head it saw.
 */
public final class H2AuditTrail {
    public static final String GENESIS = "0".repeat(64);
    static final int MAX_DETAILS = 8000;
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** An entry as stored, sent and verified. */
    public record Entry(
            long seq,
            String at,
            String actor,
            String action,
            String subject,
            JsonNode details,
            String prevHash,
            String hash) {}

    private H2AuditTrail() {}

    /** Appends an entry inside the caller's transaction (a writer task); published to the cloud with its commit. */
    public static Entry append(
            Connection c,
            WriteBatch batch,
            Instant at,
            String actor,
            String action,
            String subject,
            Map<String, ?> details)
            throws SQLException {
        long seq;
        String prev;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            seq = rs.next() ? rs.getLong(1) + 1 : 1;
            prev = seq == 1 ? GENESIS : rs.getString(2);
        }
        JsonNode d = Json.tree(Json.write(details == null ? Map.of() : details));
        String detailsJson = canonical(d);
        if (detailsJson.length() > MAX_DETAILS) {
            d = Json.tree(Json.write(Map.of("truncated", true, "bytes", detailsJson.length())));
            detailsJson = canonical(d);
        }
        String when = at.toString();
        String hash = hash(prev, body(seq, when, clip(actor, 100), action, clip(subject, 200), d, prev));
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setString(2, when);
            ps.setString(3, clip(actor, 100));
            ps.setString(4, action);
            ps.setString(5, clip(subject, 200));
            ps.setString(6, detailsJson);
            ps.setString(7, prev);
            ps.setString(8, hash);
            ps.executeUpdate();
        }
        Entry e = new Entry(seq, when, clip(actor, 100), action, clip(subject, 200), d, prev, hash);
        CloudRows.add(c, batch, CloudEventType.AUDIT_ENTRY, e, at);
        return e;
    }

    /** Entries after {@code after}, oldest first. */
    /** A page of the trail, read on a worker. */
    public static Future<List<Entry>> page(Vertx vertx, Database db, long after, int limit) {
        return db.read(vertx, c -> page(c, after, limit));
    }

    /** The chain checked from the first entry, on a worker. */
    public static Future<Map<String, Object>> verify(Vertx vertx, Database db) {
        return db.read(vertx, H2AuditTrail::verify);
    }

    public static List<Entry> page(Connection c, long after, int limit) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log"
                        + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    /**
     * Walks the chain: {@code {"ok": true, "entries", "head"}}, or {@code {"ok": false, "firstBadSeq",
     * "reason"}} at the first entry whose hash, link or numbering does not hold.
     */
    public static Map<String, Object> verify(Connection c) throws SQLException {
        String prev = GENESIS;
        long expected = 1;
        long n = 0;
        String anchor = anchor(c);
        if (anchor != null) { // entries past records.auditKeep were deleted: the chain continues from the last of them
            expected = Long.parseLong(anchor.substring(0, anchor.indexOf(':'))) + 1;
            prev = anchor.substring(anchor.indexOf(':') + 1);
        }
        long first = expected;
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log ORDER BY seq");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Entry e = read(rs);
                String why = e.seq() != expected
                        ? "entry " + expected + " is missing (the next is " + e.seq() + ")"
                        : !e.prevHash().equals(prev)
                                ? "prevHash does not match the hash of the entry before"
                                : !e.hash()
                                                .equals(hash(
                                                        e.prevHash(),
                                                        body(
                                                                e.seq(),
                                                                e.at(),
                                                                e.actor(),
                                                                e.action(),
                                                                e.subject(),
                                                                e.details(),
                                                                e.prevHash())))
                                        ? "hash does not match the entry's content (it was changed after it was written)"
                                        : null;
                if (why != null) {
                    Map<String, Object> bad = new LinkedHashMap<>();
                    bad.put("ok", false);
                    bad.put("firstBadSeq", expected == e.seq() ? e.seq() : expected);
                    bad.put("reason", why);
                    return bad;
                }
                prev = e.hash();
                expected++;
                n++;
            }
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("ok", true);
        ok.put("entries", n);
        ok.put("head", prev);
        if (first > 1) {
            ok.put("fromSeq", first);
        }
        return ok;
    }

    private static String anchor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT val FROM agent_meta WHERE name = 'audit_anchor'");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Deletes entries written before {@code before} (records.auditKeep), up to 10,000 at a time and never
     * the head, so the chain goes on; the last deleted entry's seq and hash are kept as the anchor that
     * {@link #verify} starts from. Inside a writer task; how many were deleted.
     */
    public static int purge(Connection c, Instant before) throws SQLException {
        long cut;
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq), MAX(seq) FROM audit_log WHERE at < ?"
                + " AND seq < (SELECT MAX(seq) FROM audit_log)")) {
            ps.setString(1, before.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(2) == null) {
                    return 0;
                }
                cut = Math.min(rs.getLong(2), rs.getLong(1) + 9_999);
            }
        }
        String hash;
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
            ps.setLong(1, cut);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                hash = rs.getString(1);
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("MERGE INTO agent_meta (name, val) KEY (name) VALUES ('audit_anchor', ?)")) {
            ps.setString(1, cut + ":" + hash);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_log WHERE seq <= ?")) {
            ps.setLong(1, cut);
            return ps.executeUpdate();
        }
    }

    private static Entry read(ResultSet rs) throws SQLException {
        return new Entry(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Json.tree(rs.getString(6)),
                rs.getString(7),
                rs.getString(8));
    }

    /** The canonical JSON of an entry without its hash. */
    static String body(
            long seq, String at, String actor, String action, String subject, JsonNode details, String prevHash) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("seq", seq);
        o.put("at", at);
        o.put("actor", actor);
        o.put("action", action);
        o.put("subject", subject);
        o.set("details", details);
        o.put("prevHash", prevHash);
        return canonical(o);
    }

    static String canonical(JsonNode n) {
        try {
            return CANONICAL.writeValueAsString(sorted(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            n.fields().forEachRemaining(f -> m.put(f.getKey(), sorted(f.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(sorted(x)));
            return l;
        }
        return n;
    }

    static String hash(String prevHash, String canonicalBody) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prevHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest(canonicalBody.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String s, int max) {
        return s == null ? "unknown" : s.length() <= max ? s : s.substring(0, max);
    }
}
