package id.dapur.edge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.config.CloudConfig;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender against the fake cloud misbehaving in each way the issue names. */
class OutboxSenderIT {
    Vertx vertx;
    FakeCloud cloud;
    MemoryOutbox outbox;
    OutboxSender sender;
    Reachability reach;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        cloud = FakeCloud.start(vertx, false, 0, null);
        outbox = new MemoryOutbox();
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.stop();
        }
        cloud.close();
        vertx.close().await();
    }

    void sender(String maxAge) throws Exception {
        sender(maxAge, "{ initial: 20ms, max: 200ms, breakerFailures: 3, breakerOpenFor: 300ms }");
    }

    void sender(String maxAge, String retry) throws Exception {
        CloudConfig c = Clouds.cloud(
                cloud.url(),
                "  requestTimeout: 2s\n  batch: { maxEvents: 50, maxAge: " + maxAge + " }\n" + "  retry: " + retry
                        + "\n");
        cloud.provisioningCode("code-sender-1");
        HttpCloudClient client = new HttpCloudClient(vertx, c, "jkt-01");
        client.credential(
                client.register("code-sender-1", Map.of("outletId", "jkt-01")).await(5, TimeUnit.SECONDS));
        reach = new Reachability(c.retry(), Clock.systemUTC());
        sender = new OutboxSender(vertx, client, outbox, c.batch(), reach, Clock.systemUTC());
        sender.start();
    }

    void produce(int n, String stream) {
        IntStream.range(0, n).forEach(i -> outbox.add(stream, i));
        outbox.added();
    }

    void awaitDrained() {
        Awaitility.await("outbox drained")
                .atMost(Duration.ofSeconds(30))
                .until(() -> outbox.backlog().events() == 0);
    }

    List<Integer> numbers(String stream) {
        return cloud.events(stream).stream()
                .map(e -> e.payload().path("n").asInt())
                .toList();
    }

    @Test
    void whenTheCloudAnswersAgainASenderBackingOffForMinutesTriesWithinSeconds() throws Exception {
        // GIVEN a sender whose backoff has grown long (an outage of many failed tries; its max is an hour here)
        sender("0s", "{ initial: 30s, max: 1h, breakerFailures: 1000, breakerOpenFor: 1h }");
        cloud.fail(503, -1);
        produce(20, "orders");
        Awaitility.await("a failed try").atMost(Duration.ofSeconds(10)).until(() -> sender.batchesFailed() >= 1);
        cloud.heal();
        // WHEN another of the bridge's calls gets through (a heartbeat, a long-poll)
        reach.succeeded(1_000_000);
        // THEN the sender tries again within its recovery spread, not in 15 to 45 s
        Awaitility.await("drained after the cloud came back")
                .atMost(Duration.ofMillis(OutboxSender.RECOVERY_SPREAD_MS + 3000))
                .until(() -> outbox.backlog().events() == 0);
        assertThat(numbers("orders")).hasSize(20);
    }

    @Test
    void aLongOutageLosesNothingAndDeliversInOrderExactlyOnce() throws Exception {
        // GIVEN a cloud that answers 503 to everything
        sender("0s");
        cloud.fail(503, -1);
        produce(300, "orders");
        produce(200, "readings");

        // THEN the breaker opens and nothing is taken
        Awaitility.await("breaker open")
                .atMost(Duration.ofSeconds(10))
                .until(() -> "OPEN".equals(reach.breakerState()));
        assertThat(reach.failingSince()).isNotNull();
        assertThat(cloud.events()).isEmpty();

        // WHEN the cloud comes back
        cloud.heal();
        awaitDrained();

        // THEN every event arrived once, in order per stream
        assertThat(numbers("orders"))
                .containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
        assertThat(numbers("readings"))
                .containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
        assertThat(cloud.outOfOrder()).isZero();
        assertThat(reach.failingSince()).isNull();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "CLOSED".equals(reach.breakerState()));
    }

    @Test
    void partialAcknowledgementsAreSentAgainUntilAllAreTaken() throws Exception {
        cloud.acknowledgeAtMost(7);
        sender("0s");
        produce(120, "tickets");
        awaitDrained();
        assertThat(numbers("tickets"))
                .containsExactlyElementsOf(IntStream.range(0, 120).boxed().toList());
        assertThat(cloud.duplicates()).isZero();
        assertThat(cloud.batches()).isGreaterThanOrEqualTo(120 / 7);
    }

    @Test
    void anAnswerLostAfterTheCloudAppliedTheBatchIsRepeatedAndNotAppliedTwice() throws Exception {
        cloud.applyThenStall(true);
        sender("0s");
        produce(40, "orders");
        Awaitility.await("first batch applied")
                .atMost(Duration.ofSeconds(10))
                .until(() -> cloud.events().size() == 40);
        assertThat(outbox.backlog().events()).isEqualTo(40); // the agent does not know yet

        cloud.heal();
        awaitDrained();
        assertThat(numbers("orders")).hasSize(40).doesNotHaveDuplicates();
        // every unanswered event came again and was recognised (more than 40 when the sender's first
        // batch, started while the test was still adding events, held only some of them)
        assertThat(cloud.duplicates()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void tooManyRequestsAndDroppedConnectionsOnlyDelay() throws Exception {
        sender("0s");
        cloud.fail(429, 3);
        produce(60, "alerts");
        awaitDrained();
        assertThat(numbers("alerts"))
                .containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
        assertThat(sender.batchesFailed()).isGreaterThanOrEqualTo(3);

        cloud.dropConnections(true);
        produce(10, "audit");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sender.batchesFailed() >= 5);
        cloud.heal();
        awaitDrained();
        assertThat(numbers("audit"))
                .containsExactlyElementsOf(IntStream.range(0, 10).boxed().toList());
    }

    @Test
    void rejectedEventsBecomeDeadLettersAndTheRestFlows() throws Exception {
        cloud.reject(e -> e.path("payload").path("n").asInt() % 10 == 3);
        sender("0s");
        produce(30, "orders");
        awaitDrained();
        assertThat(outbox.deadLetters)
                .extracting(r -> r.code())
                .containsOnly("UNREADABLE_EVENT")
                .hasSize(3);
        assertThat(numbers("orders")).hasSize(27).doesNotContain(3, 13, 23);
        assertThat(sender.rejected()).isEqualTo(3);
    }

    @Test
    void aSmallBatchWaitsForItsAgeThenGoes() throws Exception {
        sender("400ms");
        long t0 = System.nanoTime();
        produce(3, "orders");
        awaitDrained();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("sent once the oldest is maxAge old, not at once").isGreaterThanOrEqualTo(350);
        assertThat(cloud.batches()).isEqualTo(1);
    }
}
