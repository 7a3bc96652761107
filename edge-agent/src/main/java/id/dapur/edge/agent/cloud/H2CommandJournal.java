package id.dapur.edge.agent.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.audit.Audit;
import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.cloud.CloudEventType;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandJournal;
import id.dapur.edge.cloud.CommandResult;
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

/**
 * Remote commands in H2 ({@code cloud_commands}); each start and result is fsynced before the
 * command runs or is reported, and each result is also an {@code audit} event for the cloud.
 */
public final class H2CommandJournal implements CommandJournal {
    private final Vertx vertx;
    private final Context context;
    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;

    public H2CommandJournal(Vertx vertx, Database db, GroupCommitWriter writer, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.db = db;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public Future<Optional<Entry>> find(String commandId) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection();
                            PreparedStatement ps = c.prepareStatement(
                                    "SELECT body, result, reported FROM cloud_commands WHERE command_id = ?")) {
                        ps.setString(1, commandId);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? Optional.of(entry(rs)) : Optional.<Entry>empty();
                        }
                    }
                },
                false);
    }

    @Override
    public Future<Void> started(Command command) {
        return writer.submit(context, true, (c, batch) -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO cloud_commands (command_id, type, body, reported, received_at)"
                            + " VALUES (?, ?, ?, FALSE, ?)")) {
                ps.setString(1, command.commandId());
                ps.setString(2, cut(command.type()));
                ps.setString(3, body(command));
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Future<Void> finished(Command command, CommandResult result) {
        return writer.submit(context, true, (c, batch) -> {
            Instant now = clock.instant();
            String r = Json.write(result);
            int n;
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE cloud_commands SET result = ?, finished_at = ? WHERE command_id = ?")) {
                ps.setString(1, r);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, command.commandId());
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO cloud_commands (command_id, type, body, result, reported,"
                                + " received_at, finished_at) VALUES (?, ?, ?, ?, FALSE, ?, ?)")) {
                    ps.setString(1, command.commandId());
                    ps.setString(2, cut(command.type()));
                    ps.setString(3, body(command));
                    ps.setString(4, r);
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setTimestamp(6, Timestamp.from(now));
                    ps.executeUpdate();
                }
            }
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("commandId", command.commandId());
            audit.put("type", command.type());
            audit.put("result", result);
            CloudRows.add(c, batch, CloudEventType.COMMAND, audit, now);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("type", command.type());
            details.put("status", result.status());
            if (result.code() != null) {
                details.put("code", result.code());
            }
            Audit.append(c, batch, now, "cloud", "COMMAND", command.commandId(), details);
            return null;
        });
    }

    @Override
    public Future<Void> reported(String commandId) {
        return writer.submit(context, false, (c, batch) -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE cloud_commands SET reported = TRUE WHERE command_id = ?")) {
                ps.setString(1, commandId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Future<List<Entry>> unreported() {
        return select(
                "SELECT body, result, reported FROM cloud_commands WHERE reported = FALSE AND result IS NOT NULL ORDER BY received_at LIMIT 100");
    }

    @Override
    public Future<List<Entry>> unfinished() {
        return select(
                "SELECT body, result, reported FROM cloud_commands WHERE result IS NULL ORDER BY received_at LIMIT 100");
    }

    private Future<List<Entry>> select(String sql) {
        return vertx.executeBlocking(
                () -> {
                    List<Entry> out = new ArrayList<>();
                    try (Connection c = db.connection();
                            PreparedStatement ps = c.prepareStatement(sql);
                            ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(entry(rs));
                        }
                    }
                    return out;
                },
                false);
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        JsonNode b = Json.tree(rs.getString(1));
        Command cmd = new Command(
                b.path("commandId").asText(),
                b.path("outletId").asText(),
                b.path("type").asText(),
                b.path("args"),
                null,
                null);
        String r = rs.getString(2);
        CommandResult result = null;
        if (r != null) {
            JsonNode n = Json.tree(r);
            @SuppressWarnings("unchecked")
            Map<String, Object> detail = n.has("detail") && n.get("detail").isObject()
                    ? Json.MAPPER.convertValue(n.get("detail"), Map.class)
                    : Map.of();
            result = new CommandResult(
                    n.path("status").asText(),
                    n.hasNonNull("code") ? n.get("code").asText() : null,
                    n.path("message").asText(""),
                    detail);
        }
        return new Entry(cmd, result, rs.getBoolean(3));
    }

    private static String body(Command c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commandId", c.commandId());
        m.put("outletId", c.outletId());
        m.put("type", c.type());
        m.put("args", c.args());
        String s = Json.write(m);
        return s.length() <= 8000
                ? s
                : Json.write(Map.of("commandId", c.commandId(), "outletId", c.outletId(), "type", c.type()));
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() <= 48 ? s : s.substring(0, 48);
    }

    /** Where the order feed named {@code name} stands (the cloud's cursor), or null before its first page. */
    static String feedCursor(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT cursor FROM cloud_feed WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Moves the feed's cursor, in the unit of work that stores what the page brought. */
    static void saveFeedCursor(Connection c, String name, String cursor, Instant now) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("MERGE INTO cloud_feed (name, cursor, updated_at) KEY (name) VALUES (?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, cursor);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        }
    }
}
