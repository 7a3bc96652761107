package id.dapur.edge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.cloud.fake.FakeCloud;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandRunnerIT {
    Vertx vertx;
    FakeCloud cloud;
    CommandRunner runner;
    final AtomicInteger reprints = new AtomicInteger();
    final MemoryJournal journal = new MemoryJournal();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        cloud = FakeCloud.start(vertx, false, 0, null);
        cloud.provisioningCode("code-commands-1");
        var cfg = Clouds.cloud(cloud.url(), "  commandWait: 1s\n  retry: { initial: 20ms, max: 200ms }\n");
        HttpCloudClient client = new HttpCloudClient(vertx, cfg, "jkt-01");
        client.credential(
                client.register("code-commands-1", Map.of("outletId", "jkt-01")).await(5, TimeUnit.SECONDS));
        Map<String, CommandRunner.Handler> handlers = new LinkedHashMap<>();
        handlers.put("reprint", c -> {
            reprints.incrementAndGet();
            return Future.succeededFuture(CommandResult.succeeded(
                    "queued", Map.of("ticketId", c.args().path("ticketId").asText())));
        });
        handlers.put("test-print", c -> Future.failedFuture(new IllegalStateException("printer on fire")));
        handlers.put("set-log-level", c -> Future.succeededFuture(CommandResult.succeeded("ok", Map.of())));
        runner = new CommandRunner(
                vertx,
                client,
                "jkt-01",
                Set.of("reprint", "test-print"),
                handlers,
                journal,
                new Reachability(cfg.retry(), Clock.systemUTC()),
                cfg.commandWait(),
                Clock.systemUTC());
        runner.start();
    }

    @AfterEach
    void stop() {
        runner.stop();
        cloud.close();
        vertx.close().await();
    }

    Map<String, Object> command(String id, String type, String outlet) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("commandId", id);
        c.put("type", type);
        c.put("outletId", outlet);
        c.put("args", Map.of("ticketId", "T-1/wok"));
        return c;
    }

    JsonNode resultOf(String id) {
        return cloud.commandResults().stream()
                .filter(r -> r.path("commandId").asText().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eachCommandIsRunOnceAndEveryRepeatGetsTheFirstResult() {
        cloud.command("jkt-01", command("c-1", "reprint", "jkt-01"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> cloud.commandResults().size() == 1);
        cloud.command("jkt-01", command("c-1", "reprint", "jkt-01")); // delivered again
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> cloud.commandResults().size() == 2);

        assertThat(reprints).hasValue(1);
        assertThat(cloud.commandResults())
                .extracting(r -> r.path("status").asText())
                .containsExactly("SUCCEEDED", "SUCCEEDED");
        assertThat(cloud.commandResults().get(1).path("detail"))
                .isEqualTo(cloud.commandResults().get(0).path("detail"));
    }

    @Test
    void unknownUnauthorizedForeignAndExpiredCommandsAreRefusedAndReported() {
        Map<String, Object> expired = command("c-exp", "reprint", "jkt-01");
        expired.put("expiresAt", Instant.now().minusSeconds(60).toString());
        cloud.command("jkt-01", command("c-unknown", "format-disk", "jkt-01"));
        cloud.command("jkt-01", command("c-denied", "set-log-level", "jkt-01"));
        cloud.command("jkt-01", command("c-foreign", "reprint", "sby-02"));
        cloud.command("jkt-01", expired);
        cloud.command("jkt-01", command("c-fails", "test-print", "jkt-01"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> cloud.commandResults().size() == 5);

        assertThat(resultOf("c-unknown").path("code").asText()).isEqualTo("UNKNOWN_COMMAND");
        assertThat(resultOf("c-denied").path("code").asText()).isEqualTo("COMMAND_NOT_ALLOWED");
        assertThat(resultOf("c-foreign").path("code").asText()).isEqualTo("WRONG_OUTLET");
        assertThat(resultOf("c-exp").path("code").asText()).isEqualTo("COMMAND_EXPIRED");
        assertThat(List.of("c-unknown", "c-denied", "c-foreign", "c-exp"))
                .allSatisfy(
                        id -> assertThat(resultOf(id).path("status").asText()).isEqualTo("REFUSED"));
        assertThat(resultOf("c-fails").path("status").asText()).isEqualTo("FAILED");
        assertThat(resultOf("c-fails").path("message").asText()).contains("printer on fire");
        assertThat(reprints).hasValue(0);
    }

    @Test
    void aCommandThatWasRunningWhenTheAgentDiedIsNotRunAgain() {
        journal.entries.put(
                "c-crash",
                new CommandJournal.Entry(new Command("c-crash", "jkt-01", "reprint", null, null, null), null, false));
        cloud.command("jkt-01", command("c-crash", "reprint", "jkt-01"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> cloud.commandResults().size() == 1);
        assertThat(resultOf("c-crash").path("code").asText()).isEqualTo("INTERRUPTED");
        assertThat(reprints).hasValue(0);
    }

    /** A journal in memory. */
    static final class MemoryJournal implements CommandJournal {
        final Map<String, Entry> entries = new ConcurrentHashMap<>();

        @Override
        public Future<Optional<Entry>> find(String id) {
            return Future.succeededFuture(Optional.ofNullable(entries.get(id)));
        }

        @Override
        public Future<Void> started(Command c) {
            entries.put(c.commandId(), new Entry(c, null, false));
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> finished(Command c, CommandResult r) {
            entries.put(c.commandId(), new Entry(c, r, false));
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> reported(String id) {
            entries.computeIfPresent(id, (k, e) -> new Entry(e.command(), e.result(), true));
            return Future.succeededFuture();
        }

        @Override
        public Future<List<Entry>> unreported() {
            return Future.succeededFuture(new ArrayList<>(entries.values().stream()
                    .filter(e -> !e.reported() && e.result() != null)
                    .toList()));
        }

        @Override
        public Future<List<Entry>> unfinished() {
            return Future.succeededFuture(new ArrayList<>(
                    entries.values().stream().filter(e -> e.result() == null).toList()));
        }
    }
}
