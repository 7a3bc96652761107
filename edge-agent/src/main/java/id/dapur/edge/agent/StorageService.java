package id.dapur.edge.agent;

import id.dapur.edge.agent.cloud.CloudLink;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.H2CloudOutbox;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The database, its writer (group commit, one fsync per batch) and, with a cloud configured, the
 * cloud outbox. Started first and stopped last. Every service after it is built from a started
 * one, so the cloud outbox is open before anything can be written: every change has its cloud event.
 */
final class StorageService implements Service {
    private final Vertx vertx;
    private final DapurConfig config;
    private final Clock clock;
    final Database db;
    final GroupCommitWriter writer;
    private H2CloudOutbox cloudOutbox;

    StorageService(Vertx vertx, Database db, DapurConfig config, Clock clock, AgentMetrics metrics, Consumer<Throwable> onDeath)
            throws SQLException {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.db = db;
        this.writer = new GroupCommitWriter(db);
        writer.onDeath(onDeath);
        metrics.gauge("dapur.storage.writer.queue", "tasks waiting for the storage writer", writer::queued);
        metrics.gauge("dapur.storage.syncs", "fsyncs (CHECKPOINT SYNC) so far", writer::syncs);
        metrics.gauge("dapur.storage.batch.size.mean", "tasks sharing one commit and fsync, on average", writer::meanBatchSize);
        metrics.gauge("dapur.storage.failures", "changes that could not be stored (callers told to retry)", writer::storageFailures);
        metrics.gauge("dapur.storage.listener.failures", "after-commit listeners that threw (the commit stood)", writer::listenerFailures);
        metrics.gauge("dapur.storage.compactions", "database file compactions while running (it only grows between them)",
                writer::compactions);
        metrics.gauge("dapur.storage.file.bytes", "size of the database file", () -> {
            try {
                return java.nio.file.Files.size(Database.file(db.dir()));
            } catch (java.io.IOException e) {
                return -1;
            }
        });
    }

    @Override
    public Future<Void> start() {
        if (config.cloud().isEmpty()) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            H2CloudOutbox outbox = new H2CloudOutbox(vertx, db, writer, clock, db.instanceId());
            outbox.open();
            CloudLink.prepareDirectory(config);
            cloudOutbox = outbox;
            return null;
        });
    }

    /** The cloud outbox, open; null without a cloud. */
    H2CloudOutbox cloudOutbox() {
        return cloudOutbox;
    }

    @Override
    public Future<Void> stop() {
        return vertx.executeBlocking(() -> {
            writer.close(); // finishes anything still queued
            db.close();
            return null;
        });
    }
}
