package id.dapur.edge.agent.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.contract.Contract;
import id.dapur.edge.contract.HttpOperations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the HTTP API, called with a token of every role: a role the contract lists
 * ({@code x-dapur-roles}) is let through (whatever the answer is then: 404 for the made-up ids, 422
 * for an empty body), any other is refused 403 FORBIDDEN before anything else happens.
 */
@Timeout(120)
class RoleMatrixIT {
    @TempDir
    Path dir;

    static final Map<String, String> TOKENS = new LinkedHashMap<>();

    static {
        TOKENS.put("admin", TestConfig.ADMIN_TOKEN);
        TOKENS.put("pos", TestConfig.POS_TOKEN);
        TOKENS.put("kds", TestConfig.WOK_TOKEN);
        TOKENS.put("sensor", TestConfig.SENSOR_TOKEN);
        TOKENS.put("board", TestConfig.BOARD_TOKEN);
    }

    static String path(String template) {
        return template.replace("{orderId}", "RM-1")
                .replace("{ticketId}", "RM-1%2Fwok")
                .replace("{station}", "wok")
                .replace("{printer}", "nowhere")
                .replace("{alertId}", "nothing")
                .replace("{scale}", "nowhere")
                .replace("{sku}", "NG-01")
                .replace("{input}", "nothing");
    }

    @Test
    void eachRoleMayDoWhatTheContractSaysAndNothingElse() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        try (RunningAgent agent = RunningAgent.start(config.load()).awaitReady()) {
            for (HttpOperations.Operation op : Contract.get().operations().all()) {
                if (op.roles().isEmpty() || !op.path().startsWith("/api/v1/")) {
                    continue; // public: /health, /metrics, the pages, the contract itself
                }
                for (Map.Entry<String, String> role : TOKENS.entrySet()) {
                    Http http = new Http(config.http(), role.getValue());
                    String p = path(op.path());
                    Http.Response r = switch (op.method()) {
                        case "GET" -> http.get(p);
                        case "DELETE" -> http.delete(p);
                        default -> http.post(p, "{}");
                    };
                    calls++;
                    boolean allowed = op.roles().contains(role.getKey());
                    boolean refused = r.status() == 403 && r.errorCode().equals("FORBIDDEN");
                    if (allowed == refused) {
                        wrong.add(op.method() + " " + op.path() + " as " + role.getKey() + ": " + r.status() + " "
                                + r.body());
                    }
                }
            }
        }
        assertThat(calls).isGreaterThan(150);
        assertThat(wrong).as("answers that do not match x-dapur-roles").isEmpty();
    }
}
