package id.dapur.edge.cloud;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A download's destination: writes to the file, hashes (SHA-256) what it writes so the file is not
 * read a second time, and refuses a byte past {@code maxBytes} (a release larger than it said, or a
 * cloud that streams without end, cannot fill the SD card).
 */
final class DigestFile implements WriteStream<Buffer> {
    private final AsyncFile file;
    private final long maxBytes;
    private final MessageDigest digest;
    private long written;

    DigestFile(AsyncFile file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True once more than {@code maxBytes} came. */
    boolean overflowed() {
        return written > maxBytes;
    }

    long written() {
        return written;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        file.exceptionHandler(handler);
        return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
        written += data.length();
        if (written > maxBytes) {
            return Future.failedFuture(new TooLarge(maxBytes));
        }
        digest.update(data.getBytes());
        return file.write(data);
    }

    @Override
    public Future<Void> end() {
        return overflowed()
                ? Future.failedFuture(new TooLarge(maxBytes))
                : file.flush().compose(v -> file.close());
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        file.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return file.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        file.drainHandler(handler);
        return this;
    }

    /** More bytes came than the release said it has. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long max) {
            super("the download is larger than " + max + " bytes", null, false, false);
        }
    }
}
