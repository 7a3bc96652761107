package id.dapur.edge.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.kitchen.H2OrderStore;
import id.dapur.edge.agent.kitchen.OrderStore;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file only grows (REUSE_SPACE=FALSE, docs/durability.md), so the writer compacts it while the
 * agent runs: orders keep coming and readers keep reading through it, nothing is lost or fails, the
 * file shrinks, and it opens again with everything.
 */
@Timeout(120)
class FileCompactionIT {
    @TempDir
    Path dir;

    private final long threshold = FileCompaction.ABOVE;

    private final long checkpointBytes = Checkpointer.CHECKPOINT_BYTES;

    @AfterEach
    void restore() {
        FileCompaction.ABOVE = threshold;
        Checkpointer.CHECKPOINT_BYTES = checkpointBytes;
        System.clearProperty("dapur.storage.unsavedMb");
    }

    @Test
    void theFileIsCompactedWhileOrdersAreWrittenAndReadAndNothingIsLost() throws Exception {
        FileCompaction.ABOVE = 256 * 1024;
        // H2 writing often, as with its own limit: the file fills with pages that later writes replaced,
        // which is what a compaction takes out (with a quarter of the heap it writes a few large chunks)
        System.setProperty("dapur.storage.unsavedMb", "1");
        Vertx vertx = Vertx.vertx();
        Database db = Database.open(dir, false);
        GroupCommitWriter writer = new GroupCommitWriter(db, e -> {});
        H2OrderStore store = TestStores.orders(vertx, db, writer);
        Path file = Database.file(dir);
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong largest = new AtomicLong();
        Thread reader = new Thread(
                () -> {
                    while (reading.get()) {
                        try (Connection c = db.connection();
                                Statement s = c.createStatement();
                                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                            rs.next();
                            reads.incrementAndGet();
                            largest.accumulateAndGet(Files.size(file), Math::max);
                        } catch (Throwable e) {
                            readFailure.compareAndSet(null, e);
                        }
                    }
                },
                "reader");
        reader.start();
        int n = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (writer.compactions() == 0 && System.nanoTime() < deadline) {
                List<Future<OrderStore.Acceptance>> window = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    window.add(store.accept(Orders.parsed("FC-" + n++)));
                }
                Future.all(window).await(30, TimeUnit.SECONDS);
                for (Future<OrderStore.Acceptance> f : window) {
                    assertThat(f.succeeded())
                            .as("every order stored, compaction or not: %s", f.cause())
                            .isTrue();
                }
            }
            // a last round after the compaction: the writer goes on on the new file
            List<Future<OrderStore.Acceptance>> after = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                after.add(store.accept(Orders.parsed("FC-" + n++)));
            }
            Future.all(after).await(30, TimeUnit.SECONDS);
            assertThat(after).allMatch(Future::succeeded);
        } finally {
            reading.set(false);
            reader.join(10_000);
        }
        assertThat(writer.compactions()).as("compacted while running").isPositive();
        assertThat(readFailure.get())
                .as("readers waited through the compaction, none failed")
                .isNull();
        assertThat(reads.get()).isPositive();
        assertThat(Files.size(file)).as("the file shrank").isLessThan(largest.get());
        assertThat(count(db)).isEqualTo(n);
        writer.close();
        db.close();
        Database again = Database.open(dir, false);
        try {
            assertThat(count(again)).as("everything there after reopening").isEqualTo(n);
        } finally {
            again.close();
            vertx.close();
        }
    }

    @Test
    void aGrownFileIsCompactedWhenItOpensAfterItsChecks() throws Exception {
        FileCompaction.ABOVE = Long.MAX_VALUE; // no compaction while writing
        Checkpointer.CHECKPOINT_BYTES = 1; // H2 writes its file after every batch: it grows as it would in hours
        Vertx vertx = Vertx.vertx();
        Database db = Database.open(dir, false);
        GroupCommitWriter writer = new GroupCommitWriter(db, e -> {});
        H2OrderStore store = TestStores.orders(vertx, db, writer);
        for (int round = 0; round < 20; round++) {
            List<Future<OrderStore.Acceptance>> window = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                window.add(store.accept(Orders.parsed("OPEN-" + (round * 50 + i))));
            }
            Future.all(window).await(30, TimeUnit.SECONDS);
        }
        writer.close();
        db.close();
        long grown = Files.size(Database.file(dir));
        FileCompaction.ABOVE = 64 * 1024;
        Database again = Database.open(dir, false);
        try {
            assertThat(Files.size(Database.file(dir)))
                    .as("compacted as it opened")
                    .isLessThan(grown * 3 / 4);
            assertThat(count(again)).isEqualTo(1_000);
        } finally {
            again.close();
            vertx.close();
        }
    }

    private static long count(Database db) throws Exception {
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
