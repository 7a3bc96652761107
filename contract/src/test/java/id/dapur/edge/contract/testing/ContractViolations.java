package id.dapur.edge.contract.testing;

import id.dapur.edge.contract.SelfCheck;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which the agent sent anything its contract does not allow: an MQTT message,
 * an HTTP answer, a WebSocket frame or a request to the cloud that its schema refuses, on a topic,
 * route or status the contract does not name ({@link SelfCheck}, on in every test run with
 * {@code -Ddapur.contract.check=true}). Registered for every test of the modules that use it
 * (JUnit's extension auto-detection; this module's test jar).
 */
public final class ContractViolations implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        SelfCheck.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> violations = SelfCheck.violations();
        SelfCheck.clear();
        if (!violations.isEmpty()) {
            throw new AssertionError("the agent broke its contract during this test (" + violations.size() + "):\n  "
                    + String.join("\n  ", violations));
        }
    }
}
