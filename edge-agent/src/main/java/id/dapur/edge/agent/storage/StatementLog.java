package id.dapur.edge.agent.storage;

import static id.dapur.edge.agent.storage.RecordFormat.BOOLEAN;
import static id.dapur.edge.agent.storage.RecordFormat.BYTES;
import static id.dapur.edge.agent.storage.RecordFormat.DATE;
import static id.dapur.edge.agent.storage.RecordFormat.DECIMAL;
import static id.dapur.edge.agent.storage.RecordFormat.DEFLATE_FROM;
import static id.dapur.edge.agent.storage.RecordFormat.DOUBLE;
import static id.dapur.edge.agent.storage.RecordFormat.FLOAT;
import static id.dapur.edge.agent.storage.RecordFormat.INT;
import static id.dapur.edge.agent.storage.RecordFormat.LONG;
import static id.dapur.edge.agent.storage.RecordFormat.NULL;
import static id.dapur.edge.agent.storage.RecordFormat.SHORT;
import static id.dapur.edge.agent.storage.RecordFormat.STRING;
import static id.dapur.edge.agent.storage.RecordFormat.TIMESTAMP;
import static id.dapur.edge.agent.storage.RecordFormat.VERSION;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
    private final RecordDeflater deflater = new RecordDeflater();
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
        deflater.close();
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
        deflated = length >= DEFLATE_FROM && deflater.deflate(buffer, length);
    }

    byte[] bytes() {
        return deflated ? deflater.bytes() : buffer;
    }

    int length() {
        return deflated ? deflater.length() : length;
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
