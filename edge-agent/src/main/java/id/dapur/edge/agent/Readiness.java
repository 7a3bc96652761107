package id.dapur.edge.agent;

import id.dapur.edge.agent.messaging.MessagingService;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.StorageService;
import id.dapur.edge.agent.web.HttpApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Whether the agent is ready, and why not: what /health says and what the service watchdog asks. */
final class Readiness {
    /** the contract: a writer holding work this long without committing makes storage DOWN. */
    static final Duration WRITER_STUCK_AFTER = Duration.ofSeconds(10);

    private Readiness() {}

    /** Why the storage writer is stuck, or null (also while storage is not open). */
    static String stuck(StorageService storage) {
        GroupCommitWriter w = storage == null ? null : storage.writer();
        return w == null ? null : w.failure(WRITER_STUCK_AFTER);
    }

    /** UP when storage is open and its writer alive, the broker connected and intake on; each check says why not. */
    static HttpApi.Health of(
            String storageProblem, StorageService storage, MessagingService messaging, boolean intakeOpen) {
        Map<String, String> checks = new LinkedHashMap<>();
        String s = storageProblem;
        GroupCommitWriter w = storage == null ? null : storage.writer();
        if (s == null && w != null) {
            s = w.failure(WRITER_STUCK_AFTER);
        }
        checks.put("storage", s == null ? "UP" : s);
        checks.put("broker", messaging != null && messaging.bus().isConnected() ? "UP" : "not connected");
        checks.put("intake", intakeOpen ? "UP" : "closed");
        Map<String, Object> details = w == null
                ? Map.of()
                : Map.of("storage", Map.of("lastCommitAgoMs", w.lastCommitAgoMs(), "queued", w.queued()));
        return new HttpApi.Health(checks.values().stream().allMatch("UP"::equals), checks, details);
    }
}
