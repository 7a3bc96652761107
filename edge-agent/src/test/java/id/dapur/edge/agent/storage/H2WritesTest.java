package id.dapur.edge.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 writes its file only when the storage writer asks, however many sessions are made after it
 * opened: H2 runs the settings of a session's URL again for every new session, so a pool whose URL
 * said {@code WRITE_DELAY=0} set H2 back to writing a chunk at every commit each time it made one.
 */
class H2WritesTest {
    @TempDir
    Path dir;

    @Test
    void newSessionsDoNotGiveH2ItsWritesBack() throws Exception {
        Database db = Database.open(dir, false);
        try {
            List<Connection> out = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) { // the pool's most: each one a session made now
                    out.add(db.connection());
                }
                for (Connection c : out) {
                    assertThat(H2Writes.inCharge(c)).isTrue();
                }
            } finally {
                for (Connection c : out) {
                    c.close();
                }
            }
            assertThat(db.compact()).isTrue();
            try (Connection c = db.connection()) {
                assertThat(H2Writes.inCharge(c))
                        .as("after a compaction opened the file again")
                        .isTrue();
            }
        } finally {
            db.close();
        }
    }

    @Test
    void h2MayHoldAQuarterOfTheHeapUnsavedBetweenItsOwnLimitAnd32Mb() {
        int h2 = 4 << 20;
        assertThat(Database.unsavedLimit(h2, 64L << 20)).isEqualTo(16 << 20);
        assertThat(Database.unsavedLimit(h2, 8L << 20))
                .as("a small heap keeps H2's own")
                .isEqualTo(h2);
        assertThat(Database.unsavedLimit(19 << 20, 1L << 30))
                .as("a large heap: at most 32 MB")
                .isEqualTo(32 << 20);
    }

    @Test
    void bytesPastTheLastChunkAreCutOffAndSyncedBeforeH2WritesAnything() throws Exception {
        Database.open(dir, false).close();
        Path file = Database.file(dir);
        long size = java.nio.file.Files.size(file);
        // what a power cut leaves when chunks written after the last sync landed without the ones before
        // them: H2 ignores them as it opens, and truncates them later without a sync of its own
        byte[] tail = new byte[3 * 4096 + 100];
        java.util.Arrays.fill(tail, (byte) 'c');
        java.nio.file.Files.write(file, tail, java.nio.file.StandardOpenOption.APPEND);

        H2Pool pool = H2Pool.open(dir);
        try {
            Connection c = pool.opener();
            H2Writes.onlyWhenAsked(c);
            assertThat(java.nio.file.Files.size(file))
                    .as("H2 opened the file and left the tail")
                    .isEqualTo(size + tail.length);
            assertThat(H2Writes.trimTail(c)).isEqualTo(tail.length);
            assertThat(java.nio.file.Files.size(file)).isEqualTo(size);
            assertThat(H2Writes.trimTail(c)).as("nothing more to cut").isZero();
        } finally {
            pool.dispose();
        }
        Database again = Database.open(dir, false);
        try (Connection c = again.connection();
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            assertThat(r.next()).isTrue();
        } finally {
            again.close();
        }
    }
}
