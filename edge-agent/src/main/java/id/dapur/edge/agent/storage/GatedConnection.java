package id.dapur.edge.agent.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pooled connection that gives its permit back to the {@link Database}'s gate when closed, once; a
 * reading one refuses to prepare a statement that changes data.
 */
final class GatedConnection implements InvocationHandler {
    private final Connection delegate;
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    private final boolean readOnly;

    private GatedConnection(Connection delegate, Runnable release, boolean readOnly) {
        this.delegate = delegate;
        this.release = release;
        this.readOnly = readOnly;
    }

    static Connection wrap(Connection delegate, Runnable release, boolean readOnly) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new GatedConnection(delegate, release, readOnly));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
            try {
                delegate.close();
            } finally {
                if (released.compareAndSet(false, true)) {
                    release.run();
                }
            }
            return null;
        }
        if (readOnly && method.getName().equals("prepareStatement") && StatementLog.changes((String) args[0])) {
            throw new SQLException(
                    "a reading connection does not change data; changes go through the storage writer: " + args[0]);
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
