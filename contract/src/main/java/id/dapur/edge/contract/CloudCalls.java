package id.dapur.edge.contract;

import java.util.List;
import java.util.Optional;

/** Checks a request the agent sends to the cloud against the cloud API. */
final class CloudCalls {
    private CloudCalls() {
    }

    /** The problems with this request, or empty when it is as the cloud API says. */
    static Optional<List<String>> check(String method, String path, String body) {
        Optional<HttpOperations.Operation> op = Contract.get().cloudOperations().of(method, path);
        if (op.isEmpty()) {
            return Optional.of(List.of("no call of the cloud API has this method and path"));
        }
        Optional<HttpOperations.Located> schema = op.get().requestSchema();
        if (schema.isEmpty()) {
            return body == null || body.isEmpty() ? Optional.empty() : Optional.of(List.of("the cloud API takes no body here"));
        }
        return Contract.parse(body == null ? "" : body).map(n -> Contract.get().validate(schema.get(), n))
                .or(() -> Optional.of(List.of("the body is not JSON"))).filter(p -> !p.isEmpty());
    }
}
