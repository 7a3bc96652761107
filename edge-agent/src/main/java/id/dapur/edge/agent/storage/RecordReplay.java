package id.dapur.edge.agent.storage;

import static id.dapur.edge.agent.storage.RecordFormat.BOOLEAN;
import static id.dapur.edge.agent.storage.RecordFormat.BYTES;
import static id.dapur.edge.agent.storage.RecordFormat.DATE;
import static id.dapur.edge.agent.storage.RecordFormat.DECIMAL;
import static id.dapur.edge.agent.storage.RecordFormat.DEFLATED;
import static id.dapur.edge.agent.storage.RecordFormat.DOUBLE;
import static id.dapur.edge.agent.storage.RecordFormat.FLOAT;
import static id.dapur.edge.agent.storage.RecordFormat.INT;
import static id.dapur.edge.agent.storage.RecordFormat.LONG;
import static id.dapur.edge.agent.storage.RecordFormat.MAX_BODY;
import static id.dapur.edge.agent.storage.RecordFormat.NULL;
import static id.dapur.edge.agent.storage.RecordFormat.SHORT;
import static id.dapur.edge.agent.storage.RecordFormat.STRING;
import static id.dapur.edge.agent.storage.RecordFormat.TIMESTAMP;
import static id.dapur.edge.agent.storage.RecordFormat.VERSION;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Replays a {@link StatementLog} record: inflates a compressed one, binds each statement's values as
 * their types were written and runs it. The reading half of the record's format (durability.md); the
 * writing half is {@link StatementLog}.
 */
final class RecordReplay {
    private RecordReplay() {}

    /** What one replayed record did: how many statements, the highest sequence value it noted. */
    record Replayed(int statements, long sequenceHigh) {}

    /** Runs a journal record's statements on {@code c} (in the caller's transaction), preparing each SQL once per {@code cache}. */
    static Replayed replay(Connection c, ByteBuffer in, Map<String, PreparedStatement> cache) throws SQLException {
        byte version = in.get();
        if (version == DEFLATED) {
            in = inflate(in);
        } else if (version != VERSION) {
            throw new SQLException("a journal record of version " + version + " (this agent reads " + VERSION + " and "
                    + DEFLATED + ")");
        }
        long high = in.getLong();
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            String sql = getString(in);
            PreparedStatement ps = cache.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                cache.put(sql, ps);
            }
            ps.clearParameters();
            int params = in.getInt();
            for (int p = 1; p <= params; p++) {
                bind(ps, p, in);
            }
            ps.executeUpdate();
        }
        return new Replayed(n, high);
    }

    /** A version-2 record's body, inflated: the version-1 body after its version byte. */
    static ByteBuffer inflate(ByteBuffer in) throws SQLException {
        int body = in.getInt();
        if (body < 0 || body > MAX_BODY) {
            throw new SQLException("a compressed journal record claims " + body + " bytes");
        }
        byte[] out = new byte[body];
        Inflater inflater = new Inflater(true);
        try {
            byte[] rest = new byte[in.remaining() + 1]; // and a spare byte, as zlib asks of raw DEFLATE
            in.get(rest, 0, rest.length - 1);
            inflater.setInput(rest);
            int n = 0;
            while (n < body && !inflater.finished()) {
                int got = inflater.inflate(out, n, body - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != body || !inflater.finished()) {
                throw new SQLException(
                        "a compressed journal record inflates to " + n + " bytes where it claims " + body);
            }
        } catch (DataFormatException e) {
            throw new SQLException("a compressed journal record does not inflate: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        return ByteBuffer.wrap(out);
    }

    private static void bind(PreparedStatement ps, int p, ByteBuffer in) throws SQLException {
        byte type = in.get();
        switch (type) {
            case NULL -> ps.setObject(p, null);
            case STRING -> ps.setString(p, getString(in));
            case LONG -> ps.setLong(p, in.getLong());
            case INT -> ps.setInt(p, in.getInt());
            case DOUBLE -> ps.setDouble(p, in.getDouble());
            case BOOLEAN -> ps.setBoolean(p, in.get() != 0);
            case BYTES -> {
                byte[] b = new byte[in.getInt()];
                in.get(b);
                ps.setBytes(p, b);
            }
            case TIMESTAMP -> ps.setTimestamp(p, Timestamp.from(Instant.ofEpochSecond(in.getLong(), in.getInt())));
            case DATE -> ps.setDate(p, Date.valueOf(LocalDate.ofEpochDay(in.getLong())));
            case DECIMAL -> ps.setBigDecimal(p, new BigDecimal(getString(in)));
            case SHORT -> ps.setShort(p, in.getShort());
            case FLOAT -> ps.setFloat(p, in.getFloat());
            default -> throw new SQLException("a journal record with a value of unknown type " + type);
        }
    }

    private static String getString(ByteBuffer in) {
        int len = in.getInt();
        String s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        return s;
    }
}
