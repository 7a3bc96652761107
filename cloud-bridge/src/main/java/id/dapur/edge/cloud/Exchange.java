package id.dapur.edge.cloud;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

/**
 * One call to the back office as it went, for tools that hold a back office to the contract
 * ({@code cloud-check}) or measure it ({@code fleet-sim}): the request, the answer's status (0 when
 * none came), its type and body, how long it took, and the network error if there was no answer.
 */
public record Exchange(
        String method,
        String path,
        int status,
        String contentType,
        String request,
        String answer,
        long nanos,
        String error) {

    static Exchange answered(String method, String path, HttpResponse<Buffer> r, String request, long nanos) {
        return new Exchange(
                method,
                path,
                r.statusCode(),
                r.getHeader("Content-Type"),
                request,
                r.body() == null ? "" : r.bodyAsString(),
                nanos,
                null);
    }

    static Exchange failed(String method, String path, String request, long nanos, String error) {
        return new Exchange(method, path, 0, null, request, null, nanos, error);
    }
}
