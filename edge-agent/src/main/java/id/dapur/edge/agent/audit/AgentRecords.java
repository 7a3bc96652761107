package id.dapur.edge.agent.audit;

import id.dapur.edge.agent.storage.AgentMeta;
import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.Version;
import id.dapur.edge.cloud.CloudEventType;
import id.dapur.edge.cloud.update.BootFile;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent records about itself in {@code agent_meta}, each in one unit of work with its audit
 * entry: the configuration it runs on, the health probe a version on trial must pass, the outcome of
 * the last update.
 */
public final class AgentRecords {
    private final GroupCommitWriter writer;
    private final Clock clock;

    public AgentRecords(GroupCommitWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Audits the configuration the agent runs on when it differs from the one it last ran on (a cloud
     * configuration applied, or the file edited): {@code CONFIG_APPLIED} with the SHA-256 of
     * {@code running} (never its content: it holds secrets) and where it came from.
     */
    public Future<Void> configApplied(Context context, String running, boolean fromCloud, String outletId) {
        String hash;
        try {
            hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(running.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            return Future.failedFuture(e);
        }
        return configApplied(context, hash, fromCloud ? "cloud" : "file", outletId);
    }

    private Future<Void> configApplied(Context context, String sha256, String source, String outletId) {
        return writer.submit(context, true, (c, batch) -> {
                    String before = AgentMeta.get(c, "config_hash");
                    if (sha256.equals(before)) {
                        return null;
                    }
                    AgentMeta.set(c, "config_hash", sha256);
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("sha256", sha256);
                    d.put("previous", before == null ? "none" : before);
                    d.put("source", source);
                    H2AuditTrail.append(
                            c,
                            batch,
                            clock.instant(),
                            source.equals("cloud") ? "cloud" : "local-file",
                            "CONFIG_APPLIED",
                            outletId,
                            d);
                    return null;
                })
                .mapEmpty();
    }

    /** A unit of work through the storage writer, committed to disk. */
    public Future<Void> probe(Context context) {
        return writer.submit(context, true, (c, batch) -> {
                    AgentMeta.set(c, "health_probe", clock.instant().toString());
                    return null;
                })
                .mapEmpty();
    }

    /**
     * The last update's outcome from the boot file, once: an audit entry ({@code UPDATE_UPDATED} or
     * {@code UPDATE_ROLLED_BACK}) and an {@code UPDATE_RESULT} event for the cloud, in one unit of work
     * with the mark that says it was recorded. True when it was recorded now.
     */
    public Future<Boolean> updateOutcome(Context context, BootFile boot) {
        if (boot.result() == null) {
            return Future.succeededFuture(false);
        }
        String key = boot.update() + ":" + boot.result() + ":" + boot.resultVersion();
        return writer.submit(context, true, (c, batch) -> {
            if (key.equals(AgentMeta.get(c, "update_outcome"))) {
                return false;
            }
            AgentMeta.set(c, "update_outcome", key);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("update", boot.update());
            d.put("result", boot.result());
            d.put("version", boot.resultVersion());
            d.put("running", Version.VALUE);
            d.put("reason", boot.reason());
            d.put("at", boot.at());
            H2AuditTrail.append(
                    c, batch, clock.instant(), "updater", "UPDATE_" + boot.result(), boot.resultVersion(), d);
            CloudRows.add(c, batch, CloudEventType.UPDATE_RESULT, d, clock.instant());
            return true;
        });
    }
}
