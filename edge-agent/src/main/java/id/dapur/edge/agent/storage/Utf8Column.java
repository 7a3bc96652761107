package id.dapur.edge.agent.storage;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * JSON bodies are stored as UTF-8 bytes ({@code VARBINARY}), not {@code VARCHAR}: H2 writes and
 * reads a VARCHAR a character at a time at every page it serializes, which was about half of the
 * storage writer's time in a flood of orders; bytes are copied whole (V6 migration, PERFORMANCE.md).
 */
public final class Utf8Column {
    private Utf8Column() {}

    public static void set(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setBytes(index, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public static String get(ResultSet rs, int index) throws SQLException {
        byte[] b = rs.getBytes(index);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
