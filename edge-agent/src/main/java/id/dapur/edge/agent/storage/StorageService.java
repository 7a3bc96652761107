package id.dapur.edge.agent.storage;

import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The database, its writer (group commit, one fsync per batch) and, with a cloud configured, the
 * cloud outbox. Started first and stopped last. Every service after it is built from a started
 * one, so the cloud outbox is open before anything can be written: every change has its cloud event.
 */
public final class StorageService implements Service {
    private final Vertx vertx;
    private final DapurConfig config;
    private final Clock clock;
    private final Database db;
    private final AgentMetrics metrics;
    private final Consumer<Throwable> onDeath;
    /** Made by {@link #start} (it opens a connection: not on the event loop); set before any other service is built. */
    private volatile GroupCommitWriter writer;

    private H2CloudOutbox cloudOutbox;

    public StorageService(
            Vertx vertx,
            Database db,
            DapurConfig config,
            Clock clock,
            AgentMetrics metrics,
            Consumer<Throwable> onDeath) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.db = db;
        this.metrics = metrics;
        this.onDeath = onDeath;
    }

    @Override
    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
                    GroupCommitWriter w = new GroupCommitWriter(db);
                    w.onDeath(onDeath);
                    Map<WriteStage, io.micrometer.core.instrument.Timer> timers = new EnumMap<>(WriteStage.class);
                    for (WriteStage s : WriteStage.values()) {
                        timers.put(
                                s,
                                metrics.timer(
                                        "dapur.storage.stage",
                                        "a step of a change through the storage writer",
                                        "stage",
                                        s.name().toLowerCase(Locale.ROOT)));
                    }
                    w.timeStages((stage, nanos) -> timers.get(stage).record(nanos, TimeUnit.NANOSECONDS));
                    writer = w; // stop() closes it even if opening the cloud outbox fails
                    if (config.cloud().isPresent()) {
                        H2CloudOutbox outbox = new H2CloudOutbox(vertx, db, w, clock, db.instanceId());
                        outbox.open();
                        cloudOutbox = outbox;
                    }
                    return w;
                })
                .map(w -> {
                    metrics.gauge("dapur.storage.writer.queue", "tasks waiting for the storage writer", w::queued);
                    metrics.gauge("dapur.storage.syncs", "journal syncs (fdatasync) so far", w::syncs);
                    metrics.gauge(
                            "dapur.storage.checkpoints",
                            "H2 checkpoints (its file written and fsynced behind the journal)",
                            w::checkpoints);
                    metrics.gauge(
                            "dapur.storage.checkpoint.failures",
                            "H2 checkpoints that failed (the journal kept everything)",
                            w::checkpointFailures);
                    metrics.gauge(
                            "dapur.storage.store.failures",
                            "H2 writes of unsaved pages between batches that failed (the journal kept everything)",
                            w::storeFailures);
                    metrics.gauge(
                            "dapur.storage.batch.size.mean",
                            "tasks sharing one commit and fsync, on average",
                            w::meanBatchSize);
                    metrics.gauge(
                            "dapur.storage.failures",
                            "changes that could not be stored (callers told to retry)",
                            w::storageFailures);
                    metrics.gauge(
                            "dapur.storage.listener.failures",
                            "after-commit listeners that threw (the commit stood)",
                            w::listenerFailures);
                    metrics.gauge(
                            "dapur.storage.compactions",
                            "database file compactions while running (it only grows between them)",
                            w::compactions);
                    metrics.gauge(
                            "dapur.storage.file.bytes",
                            "size of the database file, as the writer last looked (every 10 s)",
                            w::fileBytes);
                    return null;
                });
    }

    /** The cloud outbox, open; null without a cloud. */
    public H2CloudOutbox cloudOutbox() {
        return cloudOutbox;
    }

    public Database db() {
        return db;
    }

    /** The writer; null until {@link #start} has run (read by health checks from any thread). */
    public GroupCommitWriter writer() {
        return writer;
    }

    @Override
    public Future<Void> stop() {
        return vertx.executeBlocking(() -> {
            if (writer != null) {
                writer.close(); // finishes anything still queued
            }
            db.close();
            return null;
        });
    }
}
