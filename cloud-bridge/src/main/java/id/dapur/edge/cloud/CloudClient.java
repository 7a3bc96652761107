package id.dapur.edge.cloud;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud API the agent relies on (contract/cloud-api.yaml,
 * docs/cloud-api.md). Every call fails with a {@link CloudException} saying whether a retry can help.
 * Calls other than {@link #register} carry the device credential set with {@link #credential}.
 * Futures complete on the caller's Vert.x context.
 */
public interface CloudClient {

    /** Exchanges a one-time provisioning code for a device credential. */
    Future<Credential> register(String provisioningCode, Map<String, Object> device);

    /** Asks for a new credential with the current one; the old one stops working once the new one is used. */
    Future<Credential> rotateCredential();

    /** Uses this credential from now on. */
    void credential(Credential credential);

    /** The outlet's configuration, or empty when it still matches {@code etag} (304). */
    Future<Optional<ConfigDocument>> config(String etag);

    /** Tells the cloud what became of a configuration version: {@code APPLIED}, {@code REJECTED} (with problems) or {@code FAILED}. */
    Future<Void> configReport(Map<String, Object> report);

    /** Sends events; the answer has a result per event the cloud looked at (possibly fewer than sent). */
    Future<List<EventResult>> send(String batchId, List<CloudEvent> events);

    /** Sends the fleet-health heartbeat; the answer may name the configuration version the cloud holds. */
    Future<Map<String, Object>> heartbeat(Map<String, Object> heartbeat);

    /** Long-polls for commands: answers when there are some, or empty after about {@code waitSeconds}. */
    Future<List<Command>> commands(int waitSeconds);

    /** Reports a command's result. */
    Future<Void> commandResult(String commandId, CommandResult result);

    /**
     * Long-polls the order feed (delivery orders from the back office) for entries after {@code cursor}
     * (null: from the start): answers when there are some, or an empty page after about {@code waitSeconds}.
     */
    Future<OrderFeed.Page> orderFeed(String cursor, int waitSeconds);

    /**
     * Downloads a file the cloud serves (a release) to {@code target}, hashing it as it arrives; refuses
     * a URL that is not under the cloud's own address and stops past {@code maxBytes}. The file is
     * written but not synced: the caller syncs what it keeps.
     */
    Future<Download> download(String url, Path target, long maxBytes);

    /** Closes connections. */
    void close();
}
