package id.dapur.edge.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's format as it is written and read back, whole, torn, corrupt, with gaps. */
class JournalTest {
    @TempDir
    Path dir;

    private static byte[] payload(long lsn) {
        return ("batch " + lsn + " " + "x".repeat((int) (lsn % 97))).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readAll(Path dir, long after, Journal.ReadResult[] result) throws Exception {
        List<String> seen = new ArrayList<>();
        result[0] = Journal.read(dir, after, (lsn, p) -> {
            byte[] b = new byte[p.remaining()];
            p.get(b);
            String s = new String(b, StandardCharsets.UTF_8);
            assertThat(s).startsWith("batch " + lsn + " ");
            seen.add(s);
        });
        return seen;
    }

    @Test
    void recordsComeBackInOrderAcrossSegmentsAndOnlyAfterTheGivenLsn() throws Exception {
        try (Journal j = Journal.open(dir, 1)) {
            for (long lsn = 1; lsn <= 300; lsn++) {
                byte[] p = payload(lsn);
                assertThat(j.append(p, p.length, lsn % 3 == 0)).isEqualTo(lsn);
                if (lsn % 100 == 0) {
                    j.roll();
                }
            }
        }
        assertThat(Journal.segments(dir)).extracting(Journal.Segment::firstLsn).containsExactly(1L, 101L, 201L, 301L);
        Journal.ReadResult[] r = new Journal.ReadResult[1];
        assertThat(readAll(dir, 0, r)).hasSize(300);
        assertThat(r[0].lastLsn()).isEqualTo(300);
        assertThat(r[0].tornTail()).isFalse();
        assertThat(r[0].gap()).isFalse();
        assertThat(readAll(dir, 250, r)).hasSize(50).first().asString().startsWith("batch 251 ");
    }

    @Test
    void aCheckpointDeletesTheSegmentsItCoversButNotTheOneInUse() throws Exception {
        try (Journal j = Journal.open(dir, 1)) {
            for (long lsn = 1; lsn <= 30; lsn++) {
                byte[] p = payload(lsn);
                j.append(p, p.length, false);
                if (lsn % 10 == 0) {
                    j.roll();
                }
            }
            j.deleteThrough(20);
            assertThat(Journal.segments(dir))
                    .extracting(Journal.Segment::firstLsn)
                    .containsExactly(21L, 31L);
            j.deleteThrough(1_000);
            assertThat(Journal.segments(dir))
                    .as("the segment being appended to stays")
                    .extracting(Journal.Segment::firstLsn)
                    .containsExactly(31L);
        }
    }

    /** Appends records 1 to {@code n}, starting a new segment after every {@code rollEvery} (0: never). */
    private void write(int n, int rollEvery, boolean sync) throws Exception {
        try (Journal j = Journal.open(dir, 1)) {
            for (long lsn = 1; lsn <= n; lsn++) {
                byte[] p = payload(lsn);
                j.append(p, p.length, sync);
                if (rollEvery > 0 && lsn % rollEvery == 0) {
                    j.roll();
                }
            }
        }
    }

    @Test
    void aTornTailAtEveryByteKeepsEveryWholeRecordBeforeIt() throws Exception {
        write(5, 0, true);
        Path seg = Journal.segments(dir).get(0).path();
        byte[] whole = Files.readAllBytes(seg);
        int lastStart = whole.length - (Journal.RECORD_HEADER + payload(5).length);
        for (int cut = lastStart; cut < whole.length; cut++) {
            Files.write(seg, java.util.Arrays.copyOf(whole, cut));
            Journal.ReadResult[] r = new Journal.ReadResult[1];
            assertThat(readAll(dir, 0, r)).as("cut at %d", cut).hasSize(4);
            assertThat(r[0].lastLsn()).isEqualTo(4);
            assertThat(r[0].tornTail()).as("cut at %d", cut).isEqualTo(cut > lastStart);
            assertThat(r[0].gap()).isFalse();
        }
    }

    @Test
    void aFlippedBitOrGarbageAfterTheLastRecordIsNotTakenForARecord() throws Exception {
        write(3, 0, true);
        Path seg = Journal.segments(dir).get(0).path();
        byte[] whole = Files.readAllBytes(seg);
        Random random = new Random(7);
        int lastStart = whole.length - (Journal.RECORD_HEADER + payload(3).length);
        for (int i = 0; i < 200; i++) {
            byte[] bad = whole.clone();
            int at = lastStart + random.nextInt(whole.length - lastStart);
            bad[at] ^= (byte) (1 << random.nextInt(8));
            Files.write(seg, bad);
            Journal.ReadResult[] r = new Journal.ReadResult[1];
            assertThat(readAll(dir, 0, r)).as("bit flipped at %d", at).hasSize(2);
            assertThat(r[0].tornTail()).isTrue();
        }
        // zeros after the last record, as a file system may leave after a cut
        byte[] padded = java.util.Arrays.copyOf(whole, whole.length + 4096);
        Files.write(seg, padded);
        Journal.ReadResult[] r = new Journal.ReadResult[1];
        assertThat(readAll(dir, 0, r)).hasSize(3);
        assertThat(r[0].tornTail()).isTrue();
    }

    @Test
    void aMissingSegmentIsAGapNotAnEnd() throws Exception {
        write(30, 10, false);
        Files.delete(dir.resolve(Journal.name(11)));
        Journal.ReadResult[] r = new Journal.ReadResult[1];
        assertThat(readAll(dir, 0, r)).hasSize(10);
        assertThat(r[0].gap()).isTrue();
        assertThat(r[0].tail()).contains("lsn 11");
        assertThat(readAll(dir, 20, r))
                .as("nothing missing after a checkpoint at 20")
                .hasSize(10);
        assertThat(r[0].gap()).isFalse();
    }

    @Test
    void aFailedAppendLeavesNoPartRecordAndTheNextOneFollows() throws Exception {
        try (Journal j = Journal.open(dir, 1)) {
            byte[] p = payload(1);
            j.append(p, p.length, true);
            byte[] tooBig = new byte[16];
            try {
                j.append(tooBig, Journal.MAX_RECORD + 1, true);
            } catch (java.io.IOException expected) {
                assertThat(expected).hasMessageContaining("over the limit");
            }
            assertThat(j.nextLsn()).as("a refused record takes no lsn").isEqualTo(2);
            byte[] q = payload(2);
            j.append(q, q.length, true);
        }
        Journal.ReadResult[] r = new Journal.ReadResult[1];
        assertThat(readAll(dir, 0, r)).hasSize(2);
        assertThat(r[0].tornTail()).isFalse();
    }

    @Test
    void theHeaderSaysWhereASegmentStarts() throws Exception {
        try (Journal j = Journal.open(dir, 42)) {
            byte[] p = payload(42);
            j.append(p, p.length, true);
        }
        try (RandomAccessFile f =
                new RandomAccessFile(dir.resolve(Journal.name(42)).toFile(), "r")) {
            byte[] h = new byte[Journal.HEADER];
            f.readFully(h);
            assertThat(new String(h, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("DAPURJ01");
            assertThat(ByteBuffer.wrap(h).getLong(8)).isEqualTo(42);
        }
    }
}
