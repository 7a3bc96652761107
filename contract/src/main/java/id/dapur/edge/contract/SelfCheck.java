package id.dapur.edge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent checking itself against its contract: when on, everything it sends (MQTT publications,
 * HTTP answers, the screens' and the board's WebSocket frames, requests to the cloud) is validated
 * against the schemas before it leaves, and every mismatch is logged at ERROR, counted and kept for
 * whoever asks ({@link #violations()}). It never stops a message: a violation is the agent's bug,
 * reported, not the client's problem. Off by default (it costs a validation per message); the test
 * suites turn it on ({@code -Ddapur.contract.check=true}) and fail on any violation, and a developer
 * may run an agent with it. Thread-safe.
 */
public final class SelfCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SelfCheck.class);
    private static final int KEPT = 200;
    private static volatile boolean on = Boolean.getBoolean("dapur.contract.check")
            || "true".equalsIgnoreCase(System.getenv("DAPUR_CONTRACT_CHECK"));
    private static final List<String> violations = new ArrayList<>();
    private static final AtomicLong count = new AtomicLong();

    private SelfCheck() {}

    public static boolean on() {
        return on;
    }

    /** Turns the checks on or off (tests of the wiring itself). */
    public static void enable(boolean enabled) {
        on = enabled;
    }

    /**
     * A publication on {@code topic}: its payload against its channel's schema; a topic under
     * {@code dapur/} the contract does not name is a violation (outside it, a vendor's topic that a
     * sensor's configuration names carries the vendor's format).
     */
    public static void mqtt(String topic, byte[] payload) {
        if (!on) {
            return;
        }
        Optional<MqttChannels.Channel> c = Contract.get().channels().of(topic);
        if (c.isEmpty()
                && !topic.startsWith("dapur/")
                && Contract.get().channels().all().stream().anyMatch(ch -> ch.address() == null)) {
            return; // a vendor's topic a configuration names (a sensor's firmware commands), in the vendor's format
        }
        if (c.isEmpty()) {
            violation("MQTT " + topic, List.of("no channel of the contract has this topic"));
            return;
        }
        if (c.get().schema() == null) {
            return;
        }
        json("MQTT " + topic, c.get().schema(), new String(payload, StandardCharsets.UTF_8));
    }

    /**
     * An HTTP answer: {@code path} as requested (without its query). Its route and status must be in
     * the contract, and a JSON body must match the schema given for them.
     */
    public static void http(String method, String path, int status, String contentType, String body) {
        if (!on) {
            return;
        }
        String where = "HTTP " + method + " " + path + " " + status;
        Optional<HttpOperations.Operation> op = Contract.get().operations().of(method, path);
        if (op.isEmpty()) {
            // a route the contract does not name answers 404 NOT_FOUND (or 405) in the error shape
            if (status == 404 || status == 405) {
                json(where, "error", body);
            } else {
                violation(where, List.of("no operation of the contract has this method and path"));
            }
            return;
        }
        Optional<HttpOperations.Located> schema;
        try {
            schema = op.get().responseSchema(status, contentType);
        } catch (IllegalArgumentException e) {
            violation(where, List.of(e.getMessage()));
            return;
        }
        boolean json =
                contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
        if (schema.isPresent() && json) {
            Optional<JsonNode> node = Contract.parse(body);
            List<String> problems = node.isEmpty()
                    ? List.of("the body is not JSON")
                    : Contract.get().validate(schema.get(), node.get());
            if (!problems.isEmpty()) {
                violation(where, problems);
            }
        } else if (json
                && !op.get().contentTypes(status).isEmpty()
                && !op.get().contentTypes(status).contains("application/json")) {
            violation(
                    where,
                    List.of("answered JSON where the contract says " + op.get().contentTypes(status)));
        }
    }

    /** A frame sent on a WebSocket whose frames {@code schema} defines (screen-frame, board-frame). */
    public static void frame(String schema, String json) {
        if (on) {
            json("WebSocket " + schema, schema, json);
        }
    }

    /** A request to the cloud: its body against the cloud API's request schema for that call. */
    public static void cloud(String method, String path, String body) {
        if (on) {
            CloudCalls.check(method, path, body)
                    .ifPresent(problems -> violation("cloud " + method + " " + path, problems));
        }
    }

    private static void json(String where, String schema, String body) {
        Optional<JsonNode> node = Contract.parse(body);
        if (node.isEmpty()) {
            violation(where, List.of("the body is not JSON"));
            return;
        }
        List<String> problems = Contract.get().validate(schema, node.get());
        if (!problems.isEmpty()) {
            violation(where, problems);
        }
    }

    static void violation(String where, List<String> problems) {
        count.incrementAndGet();
        String v = where + ": " + String.join("; ", problems);
        synchronized (violations) {
            if (violations.size() < KEPT) {
                violations.add(v);
            }
        }
        LOG.error("contract violation: {}", v);
    }

    /** The violations seen since the last {@link #clear()} (the first {@value #KEPT}). */
    public static List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** How many violations since the process started. */
    public static long count() {
        return count.get();
    }

    public static void clear() {
        synchronized (violations) {
            violations.clear();
        }
    }
}
