package id.dapur.edge.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Problem;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The writer classifies every failure once, keeps commits safe from their listeners, and says when it dies. */
@Timeout(60)
class GroupCommitWriterIT {
    @TempDir
    Path dir;

    private Database db;
    private GroupCommitWriter writer;
    private final AtomicReference<RuntimeException> listenerThrows = new AtomicReference<>();

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir, false);
        writer = new GroupCommitWriter(db, entries -> {
            RuntimeException e = listenerThrows.get();
            if (e != null) {
                throw e;
            }
        });
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
    }

    private static <T> Throwable failureOf(Future<T> f) throws Exception {
        try {
            f.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return f.cause();
        }
        throw new AssertionError("expected a failure, got " + f.result());
    }

    private GroupCommitWriter.Work<Long> publication(String topic) {
        return (c, batch) -> Outbox.write(c, batch, topic, Map.of("x", 1), false, Instant.now(), null)
                .seq();
    }

    @Test
    void aWrappedSqlErrorIsRetryableNotARejection() throws Exception {
        Throwable e = failureOf(writer.submit(null, true, (c, b) -> {
            throw new IllegalStateException(new SQLException("Sequence GLOBAL_SEQ has run out of numbers"));
        }));
        assertThat(e).isInstanceOf(Problem.Failure.class);
        Problem p = ((Problem.Failure) e).problem();
        assertThat(p.code()).isEqualTo("STORAGE_UNAVAILABLE");
        assertThat(p.retryable()).isTrue();
        assertThat(writer.storageFailures()).isEqualTo(1);
    }

    @Test
    void aTasksOwnRefusalPassesThroughUnchanged() throws Exception {
        Problem.Failure refusal = Problem.of(ErrorCode.ORDER_CONFLICT, "already accepted with other content")
                .asFailure();
        assertThat(failureOf(writer.submit(null, true, (c, b) -> {
                    throw refusal;
                })))
                .isSameAs(refusal);
        assertThat(writer.storageFailures()).isZero();
    }

    @Test
    void aListenerThatThrowsAfterTheCommitFailsNoCaller() throws Exception {
        listenerThrows.set(new IllegalStateException("a screen feed bug"));
        Future<Long> first = writer.submit(null, true, publication("t/1"));
        Future<Long> second = writer.submit(null, true, publication("t/2"));
        assertThat(first.await(10, TimeUnit.SECONDS)).isPositive();
        assertThat(second.await(10, TimeUnit.SECONDS)).isGreaterThan(first.result());
        assertThat(writer.listenerFailures()).isPositive();
        try (var c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE topic IN ('t/1', 't/2')");
                var rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).as("both committed").isEqualTo(2);
        }
    }

    @Test
    void anErrorKillsTheWriterLoudlyAndEverythingAfterFailsFastAndRetryable() throws Exception {
        AtomicReference<Throwable> died = new AtomicReference<>();
        writer.onDeath(died::set);
        CountDownLatch hold = new CountDownLatch(1);
        Future<Long> blocked = writer.submit(null, true, (c, b) -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("simulated: a bug that throws an Error");
        });
        List<Future<Long>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(writer.submit(null, true, publication("q/" + i)));
        }
        hold.countDown();
        assertThat(failureOf(blocked)).isInstanceOf(Problem.Failure.class);
        for (Future<Long> q : queued) {
            Throwable e = failureOf(q);
            assertThat(((Problem.Failure) e).problem().retryable()).isTrue();
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> died.get() != null);
        assertThat(died.get()).isInstanceOf(AssertionError.class);
        assertThat(writer.failure(Duration.ofSeconds(10))).contains("died");
        Throwable after = failureOf(writer.submit(null, true, publication("late")));
        assertThat(((Problem.Failure) after).problem().code()).isEqualTo("STORAGE_UNAVAILABLE");
    }

    @Test
    void aWriterHoldingABatchTooLongSaysSo() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Future<Long> slow = writer.submit(null, true, (c, b) -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1L;
        });
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> writer.failure(Duration.ofMillis(200)) != null);
        assertThat(writer.failure(Duration.ofMillis(200))).contains("without committing");
        hold.countDown();
        assertThat(slow.await(10, TimeUnit.SECONDS)).isEqualTo(1L);
        assertThat(writer.failure(Duration.ofMillis(200))).isNull();
    }
}
