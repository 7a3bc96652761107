package id.dapur.edge.devices.printer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A file or device path ({@code /dev/usb/lp0}, a spool file): write-only, so there is no status and
 * no completion; a job counts as printed once its bytes are written and flushed.
 */
public final class FileLink implements PrinterLink {
    private final Path path;
    private FileOutputStream out;

    public FileLink(Path path) {
        this.path = path;
    }

    @Override
    public void open() throws IOException {
        if (out == null) {
            try {
                out = new FileOutputStream(path.toFile(), true);
            } catch (IOException e) {
                throw new IOException("cannot open " + path + ": " + e.getMessage());
            }
        }
    }

    @Override
    public boolean isOpen() {
        return out != null;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        open();
        out.write(bytes);
        out.flush();
        try {
            out.getFD().sync();
        } catch (IOException e) {
            // character devices cannot be synced; the write itself has reached the driver
        }
    }

    @Override
    public int read(byte[] buffer, int timeoutMs) {
        return 0;
    }

    @Override
    public boolean bidirectional() {
        return false;
    }

    @Override
    public String describe() {
        return "file://" + path;
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing to recover
            }
            out = null;
        }
    }
}
