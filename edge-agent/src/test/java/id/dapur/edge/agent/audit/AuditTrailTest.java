package id.dapur.edge.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.support.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The chain's arithmetic, against the contract's words and the JDK's own SHA-256. */
class AuditTrailTest {
    @Test
    void theCanonicalFormSortsKeysAtEveryLevelWithNoWhitespace() {
        assertThat(H2AuditTrail.canonical(
                        Json.tree("{\"b\": 1, \"a\": {\"z\": true, \"y\": [\"x\", {\"d\": 2, \"c\": \"é\"}]}}")))
                .isEqualTo("{\"a\":{\"y\":[\"x\",{\"c\":\"é\",\"d\":2}],\"z\":true},\"b\":1}");
    }

    @Test
    void anEntrysHashIsSha256OfThePreviousHashThenItsCanonicalBody() throws Exception {
        String body = H2AuditTrail.body(
                1,
                "2026-12-02T09:00:00Z",
                "kds-wok",
                "TICKET_START",
                "A-1/wok",
                Json.tree("{\"status\": \"IN_PROGRESS\", \"actionId\": \"a1\"}"),
                H2AuditTrail.GENESIS);
        assertThat(body)
                .isEqualTo("{\"action\":\"TICKET_START\",\"actor\":\"kds-wok\",\"at\":\"2026-12-02T09:00:00Z\","
                        + "\"details\":{\"actionId\":\"a1\",\"status\":\"IN_PROGRESS\"},\"prevHash\":\""
                        + H2AuditTrail.GENESIS + "\",\"seq\":1,"
                        + "\"subject\":\"A-1/wok\"}");
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((H2AuditTrail.GENESIS + body).getBytes(StandardCharsets.UTF_8));
        assertThat(H2AuditTrail.hash(H2AuditTrail.GENESIS, body))
                .isEqualTo(HexFormat.of().formatHex(digest))
                .hasSize(64);
    }
}
