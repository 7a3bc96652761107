package id.dapur.edge.cloud;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.codec.BodyCodec;
import java.nio.file.Path;

/** A file downloaded from the cloud: how many bytes and their SHA-256 (lower-case hex). */
public record Download(long bytes, String sha256) {

    /** Streams the answer to {@code request} into {@code target} (never into memory: a release is tens of MB, the heap 64). */
    public static Future<Download> fetch(Vertx vertx, HttpRequest<Buffer> request, Path target, long maxBytes) {
        return vertx.fileSystem()
                .open(
                        target.toString(),
                        new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
                .compose(file -> {
                    DigestFile out = new DigestFile(file, maxBytes);
                    return request.as(BodyCodec.pipe(out, true)).send().transform(ar -> {
                        if (out.overflowed()) {
                            file.close();
                            return Future.failedFuture(new CloudException(
                                    0, "RELEASE_TOO_LARGE", "the release is larger than " + maxBytes + " bytes", null));
                        }
                        if (ar.failed()) {
                            file.close();
                            return Future.failedFuture(
                                    CloudException.network(ar.cause().getClass().getSimpleName() + ": "
                                            + ar.cause().getMessage()));
                        }
                        int status = ar.result().statusCode();
                        return status / 100 == 2
                                ? Future.succeededFuture(new Download(out.written(), out.sha256()))
                                : Future.failedFuture(new CloudException(
                                        status,
                                        "HTTP_" + status,
                                        "the cloud answered " + status + " for the release",
                                        null));
                    });
                });
    }
}
