package id.dapur.edge.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.agent.storage.OutboxEntry;
import id.dapur.edge.agent.storage.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox publisher on a bus that confirms a publication before {@code publish} returns, as the
 * in-process bus to the embedded broker does: a backlog of twenty thousand commits is published in
 * order, each once, and forgotten once confirmed, without a call per message on the stack (the
 * agent's threads have 512 KiB stacks; a recursion per message ended in a StackOverflowError and an
 * outbox stuck in memory until the heap ran out).
 */
class OutboxPublisherTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** Confirms every publication at once, on the caller's stack. */
    static final class ImmediateBus implements MqttBus {
        final List<String> topics = new CopyOnWriteArrayList<>();

        @Override
        public Future<Void> start() {
            return Future.succeededFuture();
        }

        @Override
        public void onMessage(Handler<Message> handler) {}

        @Override
        public void onConnectionChange(Handler<Boolean> handler) {}

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public Future<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
            topics.add(topic);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> stop(String topic, byte[] lastWords) {
            return Future.succeededFuture();
        }
    }

    /** An outbox with nothing left from before, which remembers what it was told was published. */
    static final class Remembering implements OutboxStore {
        final List<Long> published = new CopyOnWriteArrayList<>();

        @Override
        public Future<List<OutboxEntry>> pendingOutbox(long afterSeq, int limit) {
            return Future.succeededFuture(List.of());
        }

        @Override
        public Future<Void> published(List<Long> seqs) {
            published.addAll(seqs);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> deadLetter(String topic, String code, String message, String excerpt) {
            return Future.succeededFuture();
        }
    }

    @Test
    void aBacklogConfirmedAtOnceIsPublishedInOrderEachOnceWithoutACallPerMessageOnTheStack() throws Exception {
        ImmediateBus bus = new ImmediateBus();
        Remembering store = new Remembering();
        int n = 20_000;
        // on a context of its own, with the agent's stack size for its threads' worth of frames
        CompletableFuture<OutboxPublisher> made = new CompletableFuture<>();
        vertx.runOnContext(v -> made.complete(new OutboxPublisher(vertx, bus, store, new OutboxPublisher.Timing() {
            @Override
            public void handedOver(long nanos) {}

            @Override
            public void acknowledged(long nanos) {}

            @Override
            public void published(long nanos) {}
        })));
        OutboxPublisher publisher = made.get(5, TimeUnit.SECONDS);
        publisher.connectionChanged(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.backlog() == 0);

        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            entries.add(new OutboxEntry(i, "t/" + i, "{}", 1, false, System.nanoTime()));
        }
        publisher.committed(entries);

        await().atMost(Duration.ofSeconds(10)).until(() -> store.published.size() == n);
        assertThat(publisher.backlog()).isZero();
        assertThat(bus.topics).hasSize(n);
        assertThat(bus.topics.get(0)).isEqualTo("t/1");
        assertThat(bus.topics.get(n - 1)).isEqualTo("t/" + n);
        assertThat(store.published).doesNotHaveDuplicates();
    }
}
