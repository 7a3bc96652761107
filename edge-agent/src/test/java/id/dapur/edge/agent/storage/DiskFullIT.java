package id.dapur.edge.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.kitchen.H2OrderStore;
import id.dapur.edge.agent.kitchen.OrderStore;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk while the journal appends: on a small tmpfs filled to the brim, an order the journal
 * cannot hold is refused with {@code STORAGE_UNAVAILABLE} (retryable) and leaves nothing behind; the
 * writer goes on; once there is room again orders are accepted without a restart; and after a crash
 * every order acknowledged before, during and after is there and none that was refused.
 */
@Timeout(120)
class DiskFullIT {
    @TempDir
    Path tmp;

    private Path mnt;
    private final Vertx vertx = Vertx.vertx();

    @BeforeEach
    void mount() throws Exception {
        mnt = Files.createDirectories(tmp.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mnt.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor())
                .as("mounting a 6 MB tmpfs needs root (as CI runs): " + out)
                .isZero();
    }

    @AfterEach
    void unmount() throws Exception {
        vertx.close();
        new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor();
    }

    @Test
    void anOrderTheDiskCannotHoldIsRefusedAndNothingAcknowledgedIsLost() throws Exception {
        Path dir = mnt.resolve("data");
        Database db = Database.open(dir, false);
        GroupCommitWriter writer = new GroupCommitWriter(db, e -> {});
        H2OrderStore store = TestStores.orders(vertx, db, writer);
        Path filler = mnt.resolve("filler");
        fill(filler);
        List<String> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; refused.size() < 5 && i < 20_000; i++) {
            String id = "F-" + i;
            Future<OrderStore.Acceptance> f = store.accept(Orders.parsed(id));
            try {
                f.await(10, TimeUnit.SECONDS);
                accepted.add(id);
            } catch (Problem.Failure e) {
                assertThat(e.problem().error()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                assertThat(e.problem().message()).contains("journal");
                refused.add(id);
            }
        }
        assertThat(refused).as("the disk filled up").hasSize(5);
        assertThat(accepted).as("orders went in before it did").isNotEmpty();

        Files.delete(filler); // room again: the writer goes on without a restart
        for (int i = 0; i < 20; i++) {
            String id = "G-" + i;
            store.accept(Orders.parsed(id)).await(10, TimeUnit.SECONDS);
            accepted.add(id);
        }
        // crash: H2 loses what it had not written; the journal has every acknowledged order
        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (java.sql.SQLException expected) {
            // the connection goes with the database
        }
        writer.close();

        Database again = Database.open(dir, false);
        try (Connection c = again.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT order_id FROM orders")) {
            List<String> there = new ArrayList<>();
            while (rs.next()) {
                there.add(rs.getString(1));
            }
            assertThat(there).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(there).doesNotContainAnyElementsOf(refused);
        } finally {
            again.close();
        }
    }

    /** Fills the file system, then gives back 64 KB: room for a few orders. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // full now
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(filler.toFile(), "rw")) {
            f.setLength(f.length() - 64 * 1024);
        }
    }
}
