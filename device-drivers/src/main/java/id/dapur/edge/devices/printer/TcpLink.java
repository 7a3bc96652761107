package id.dapur.edge.devices.printer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Raw TCP, the "port 9100" every network receipt printer listens on. */
public final class TcpLink implements PrinterLink {
    private final String host;
    private final int port;
    private final int connectTimeoutMs;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public TcpLink(String host, int port, int connectTimeoutMs) {
        this.host = host;
        this.port = port;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    @Override
    public void open() throws IOException {
        if (isOpen()) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
        } catch (UnknownHostException e) {
            s.close();
            throw new IOException("unknown host " + host);
        } catch (SocketTimeoutException e) {
            s.close();
            throw new IOException("no answer from " + describe() + " within " + connectTimeoutMs + " ms");
        } catch (ConnectException | NoRouteToHostException e) {
            s.close();
            throw new IOException("cannot connect to " + describe() + ": " + e.getMessage());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    @Override
    public boolean isOpen() {
        return socket != null && !socket.isClosed();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (!isOpen()) {
            throw new IOException("not connected to " + describe());
        }
        out.write(bytes);
        out.flush();
    }

    @Override
    public int read(byte[] buffer, int timeoutMs) throws IOException {
        if (!isOpen()) {
            return -1;
        }
        socket.setSoTimeout(Math.max(1, timeoutMs));
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public boolean bidirectional() {
        return true;
    }

    @Override
    public String describe() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket
            }
            socket = null;
        }
    }
}
