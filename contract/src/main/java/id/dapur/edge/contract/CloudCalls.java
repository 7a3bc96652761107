package id.dapur.edge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A call of the cloud API held to {@code cloud-api.yaml}: a request the agent sends (its body) and
 * the back office's answer (its status and body), for the agent's self-check and for
 * {@code dapur-edge cloud-check}, which holds a back office to the same document.
 */
public final class CloudCalls {
    private CloudCalls() {}

    /** The problems with this request, or empty when it is as the cloud API says. */
    public static Optional<List<String>> check(String method, String path, String body) {
        Optional<HttpOperations.Operation> op = Contract.get().cloudOperations().of(method, path);
        if (op.isEmpty()) {
            return Optional.of(List.of("no call of the cloud API has this method and path"));
        }
        Optional<HttpOperations.Located> schema = op.get().requestSchema();
        if (schema.isEmpty()) {
            return body == null || body.isEmpty()
                    ? Optional.empty()
                    : Optional.of(List.of("the cloud API takes no body here"));
        }
        return Contract.parse(body == null ? "" : body)
                .map(n -> Contract.get().validate(schema.get(), n))
                .or(() -> Optional.of(List.of("the body is not JSON")))
                .filter(p -> !p.isEmpty());
    }

    /**
     * What is wrong with the back office's answer to a call, by {@code cloud-api.yaml}: a status the
     * call does not name, a body that is not JSON where JSON is due, or one that does not match the
     * schema given for that status. Empty when the answer is as the document says.
     */
    public static List<String> answer(String method, String path, int status, String contentType, String body) {
        Optional<HttpOperations.Operation> op = Contract.get().cloudOperations().of(method, path);
        if (op.isEmpty()) {
            return List.of("no call of the cloud API has this method and path");
        }
        List<String> problems = new ArrayList<>();
        if (!op.get().answers(status)) {
            problems.add("status " + status + " is not an answer of this call (it answers "
                    + op.get().statuses() + ")");
            return problems;
        }
        Optional<HttpOperations.Located> schema;
        try {
            schema = op.get().responseSchema(status, "application/json");
        } catch (IllegalArgumentException e) {
            schema = Optional.empty();
        }
        if (schema.isEmpty()) {
            return problems;
        }
        boolean json =
                contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
        if (!json) {
            problems.add("the answer is " + (contentType == null ? "without a Content-Type" : contentType)
                    + ", not application/json");
        }
        Optional<JsonNode> node = Contract.parse(body == null ? "" : body);
        if (node.isEmpty()) {
            problems.add("the body is not JSON" + (body == null || body.isEmpty() ? " (it is empty)" : ""));
            return problems;
        }
        problems.addAll(Contract.get().validate(schema.get(), node.get()));
        return problems;
    }

    /** The call's path as the document writes it ({@code /v1/outlets/{outletId}/events}), or the path itself. */
    public static String shape(String method, String path) {
        return Contract.get()
                .cloudOperations()
                .of(method, path)
                .map(HttpOperations.Operation::path)
                .orElse(path);
    }

    /** One sample event of each type (examples/cloud-events.json): {@code type}, {@code stream}, {@code payload}. */
    public static List<JsonNode> sampleEvents() {
        List<JsonNode> out = new ArrayList<>();
        Contract.document("examples/cloud-events.json").path("events").forEach(out::add);
        return out;
    }
}
