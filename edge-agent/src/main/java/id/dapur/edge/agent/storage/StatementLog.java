package id.dapur.edge.agent.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What the writer's tasks changed in one batch, as the statements that changed it with every value
 * bound to them: the unit of the {@link Journal}. Tasks get a {@link #connection()} that records each
 * statement that changed something (after it succeeded); the writer drops a failed task's statements
 * with its savepoint. Replayed in order on the state the batch started from, the statements make the
 * same change, because every value a task decided (ids, ticket numbers, times, sequence numbers) was
 * bound to them; the one value the database decides, the global sequence, is noted
 * ({@link #noteSequence}) so replay can move the sequence past it.
 *
 * <p>Payload, version 1: version (1), highest sequence value (8), statement count (4), then per
 * statement its SQL (length-prefixed UTF-8), parameter count (4) and each parameter as a type byte and
 * its value. Version 2, written when it is smaller: version (1), the length of the version-1 body after
 * its version byte (4), then that body compressed (raw DEFLATE, fastest level). A batch repeats its
 * SQL and its JSON (a ticket's body in its row, its change and its outbox message), so version 2 is a
 * fraction of version 1, and an order's records fit in fewer of the card's pages. Both are read.
 */
final class StatementLog {
    private static final byte VERSION = 1;
    private static final byte DEFLATED = 2;
    /** Below this a record is written as it is: it fits a page either way. */
    static final int DEFLATE_FROM = 512;
    /** The largest version-1 body a version-2 record may claim (the writer's batches are far smaller). */
    private static final int MAX_BODY = 64 << 20;

    private static final byte NULL = 0, STRING = 1, LONG = 2, INT = 3, DOUBLE = 4, BOOLEAN = 5, BYTES = 6;
    private static final byte TIMESTAMP = 7, DATE = 8, DECIMAL = 9, SHORT = 10, FLOAT = 11;
    /** Statement-level setters that are not parameters. */
    private static final Set<String> NOT_PARAMETERS = Set.of(
            "setFetchSize",
            "setMaxRows",
            "setLargeMaxRows",
            "setQueryTimeout",
            "setFetchDirection",
            "setEscapeProcessing",
            "setPoolable",
            "setCursorName",
            "setMaxFieldSize");

    private record Recorded(String sql, Object[] params) {}

    private final List<Recorded> statements = new ArrayList<>();
    private long sequenceHigh;
    private Connection raw;
    private final Connection recording;
    private byte[] buffer = new byte[16 * 1024];
    private int length;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private byte[] packed = new byte[16 * 1024];
    private int packedLength;
    private boolean deflated;

    StatementLog() {
        this.recording = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, new ConnectionHandler());
    }

    /** The connection tasks get: {@code raw}'s, recording. */
    Connection connection(Connection raw) {
        this.raw = raw;
        return recording;
    }

    int mark() {
        return statements.size();
    }

    /** Drops what was recorded after {@code mark} (the task's savepoint was rolled back). */
    void reset(int mark) {
        statements.subList(mark, statements.size()).clear();
    }

    boolean isEmpty() {
        return statements.isEmpty();
    }

    void clear() {
        statements.clear();
        sequenceHigh = 0;
    }

    /** Frees the compressor's native memory; the log is not used after. */
    void close() {
        deflater.end();
    }

    /** A value the global sequence gave out in this batch (whether its task committed or not). */
    static void noteSequence(Connection c, long value) {
        if (Proxy.isProxyClass(c.getClass()) && Proxy.getInvocationHandler(c) instanceof ConnectionHandler h) {
            StatementLog log = h.log();
            log.sequenceHigh = Math.max(log.sequenceHigh, value);
        }
    }

    /** The batch as a journal payload, in {@link #bytes()} up to {@link #length()}. */
    void encode() throws SQLException {
        length = 0;
        putByte(VERSION);
        putLong(sequenceHigh);
        putInt(statements.size());
        for (Recorded r : statements) {
            putString(r.sql());
            putInt(r.params().length);
            for (Object v : r.params()) {
                putValue(v, r.sql());
            }
        }
        deflated = length >= DEFLATE_FROM && deflate();
    }

    /** Version 2 in {@link #packed}, when it is smaller than version 1. */
    private boolean deflate() {
        int body = length - 1;
        int bound = 5 + body + body / 1000 + 64; // DEFLATE's worst case: stored blocks of 5 bytes per 64 KB
        if (packed.length < bound) {
            packed = new byte[Math.max(bound, packed.length * 2)];
        }
        packed[0] = DEFLATED;
        packed[1] = (byte) (body >>> 24);
        packed[2] = (byte) (body >>> 16);
        packed[3] = (byte) (body >>> 8);
        packed[4] = (byte) body;
        deflater.reset();
        deflater.setInput(buffer, 1, body);
        deflater.finish();
        int n = 5;
        while (!deflater.finished() && n < packed.length) {
            n += deflater.deflate(packed, n, packed.length - n);
        }
        if (!deflater.finished() || n >= length) {
            return false;
        }
        packedLength = n;
        return true;
    }

    byte[] bytes() {
        return deflated ? packed : buffer;
    }

    int length() {
        return deflated ? packedLength : length;
    }

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

    private void putValue(Object v, String sql) throws SQLException {
        if (v == null) {
            putByte(NULL);
        } else if (v instanceof String s) {
            putByte(STRING);
            putString(s);
        } else if (v instanceof Long l) {
            putByte(LONG);
            putLong(l);
        } else if (v instanceof Integer i) {
            putByte(INT);
            putInt(i);
        } else if (v instanceof Double d) {
            putByte(DOUBLE);
            putLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof Boolean b) {
            putByte(BOOLEAN);
            putByte((byte) (b ? 1 : 0));
        } else if (v instanceof byte[] b) {
            putByte(BYTES);
            putInt(b.length);
            putBytes(b, b.length);
        } else if (v instanceof Timestamp t) {
            Instant i = t.toInstant();
            putByte(TIMESTAMP);
            putLong(i.getEpochSecond());
            putInt(i.getNano());
        } else if (v instanceof Date d) {
            putByte(DATE);
            putLong(d.toLocalDate().toEpochDay());
        } else if (v instanceof BigDecimal d) {
            putByte(DECIMAL);
            putString(d.toString());
        } else if (v instanceof Short s) {
            putByte(SHORT);
            room(2);
            buffer[length++] = (byte) (s >> 8);
            buffer[length++] = (byte) (short) s;
        } else if (v instanceof Float f) {
            putByte(FLOAT);
            putInt(Float.floatToRawIntBits(f));
        } else {
            throw new SQLException("the journal cannot hold a " + v.getClass().getName() + " bound to: " + sql);
        }
    }

    private void room(int n) {
        if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
        }
    }

    private void putByte(byte b) {
        room(1);
        buffer[length++] = b;
    }

    private void putInt(int v) {
        room(4);
        buffer[length++] = (byte) (v >>> 24);
        buffer[length++] = (byte) (v >>> 16);
        buffer[length++] = (byte) (v >>> 8);
        buffer[length++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    private void putBytes(byte[] b, int n) {
        room(n);
        System.arraycopy(b, 0, buffer, length, n);
        length += n;
    }

    private void putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putInt(b.length);
        putBytes(b, b.length);
    }

    /** Whether {@code sql} may change data (anything but a query). */
    static boolean changes(String sql) {
        String s = sql.stripLeading();
        int end = Math.min(s.length(), 6);
        String head = s.substring(0, end).toUpperCase(Locale.ROOT);
        return !head.startsWith("SELECT") && !head.startsWith("WITH") && !head.startsWith("VALUES");
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private final class ConnectionHandler implements InvocationHandler {
        StatementLog log() {
            return StatementLog.this;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "prepareStatement" -> {
                    PreparedStatement ps = (PreparedStatement) call(raw, m, args);
                    return changes((String) args[0])
                            ? Proxy.newProxyInstance(
                                    PreparedStatement.class.getClassLoader(),
                                    new Class<?>[] {PreparedStatement.class},
                                    new PreparedHandler(ps, (String) args[0]))
                            : ps;
                }
                case "createStatement" -> {
                    Statement s = (Statement) call(raw, m, args);
                    return Proxy.newProxyInstance(
                            Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, new PlainHandler(s));
                }
                case "commit", "rollback", "setAutoCommit", "close", "releaseSavepoint", "setSavepoint" ->
                    throw new SQLException(
                            "the storage writer owns the transaction: a task may not call " + m.getName());
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    return call(raw, m, args);
                }
            }
        }
    }

    private final class PreparedHandler implements InvocationHandler {
        private final PreparedStatement ps;
        private final String sql;
        private Object[] params = new Object[8];
        private int count;
        private final List<Object[]> pending = new ArrayList<>(0);

        PreparedHandler(PreparedStatement ps, String sql) {
            this.ps = ps;
            this.sql = sql;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (name.startsWith("set")
                    && args != null
                    && args.length >= 2
                    && args[0] instanceof Integer i
                    && !NOT_PARAMETERS.contains(name)) {
                Object result = call(ps, m, args);
                if (i > params.length) {
                    params = Arrays.copyOf(params, Math.max(i, params.length * 2));
                }
                params[i - 1] = name.equals("setNull") ? null : args[1];
                count = Math.max(count, i);
                return result;
            }
            switch (name) {
                case "clearParameters" -> {
                    Arrays.fill(params, null);
                    count = 0;
                    return call(ps, m, args);
                }
                case "addBatch" -> {
                    Object result = call(ps, m, args);
                    pending.add(Arrays.copyOf(params, count));
                    return result;
                }
                case "clearBatch" -> {
                    pending.clear();
                    return call(ps, m, args);
                }
                case "executeBatch", "executeLargeBatch" -> {
                    try {
                        Object result = call(ps, m, args);
                        for (Object[] p : pending) {
                            statements.add(new Recorded(sql, p));
                        }
                        return result;
                    } finally {
                        pending.clear();
                    }
                }
                case "executeUpdate", "executeLargeUpdate", "execute" -> {
                    if (args != null && args.length > 0) {
                        throw new SQLException("a prepared statement runs its own SQL, not " + args[0]);
                    }
                    Object result = call(ps, m, args);
                    statements.add(new Recorded(sql, Arrays.copyOf(params, count)));
                    return result;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    return call(ps, m, args);
                }
            }
        }
    }

    private final class PlainHandler implements InvocationHandler {
        private final Statement s;

        PlainHandler(Statement s) {
            this.s = s;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "execute", "executeUpdate", "executeLargeUpdate" -> {
                    Object result = call(s, m, args);
                    if (changes((String) args[0])) {
                        statements.add(new Recorded((String) args[0], new Object[0]));
                    }
                    return result;
                }
                case "addBatch", "executeBatch", "executeLargeBatch" ->
                    throw new SQLException(
                            "the storage writer does not journal batches of plain statements; use a prepared one");
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    return call(s, m, args);
                }
            }
        }
    }
}
