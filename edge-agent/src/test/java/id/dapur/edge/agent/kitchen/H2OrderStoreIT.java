package id.dapur.edge.agent.kitchen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.orders.OrderParser;
import id.dapur.edge.agent.orders.VoidRequest;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.H2Outbox;
import id.dapur.edge.agent.storage.OutboxEntry;
import id.dapur.edge.agent.storage.StorageUnavailableException;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.Stations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order store against a real H2 file. */
class H2OrderStoreIT {
    @TempDir
    Path dir;

    final Vertx vertx = Vertx.vertx();
    final List<OutboxEntry> committed = new CopyOnWriteArrayList<>();
    Database db;
    GroupCommitWriter writer;
    H2OrderStore store;
    H2Outbox outbox;
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T07:00:00Z"), ZoneOffset.UTC);

    void open() throws Exception {
        db = Database.open(dir, false);
        writer = new GroupCommitWriter(db, committed::addAll);
        StationRouter router = new StationRouter(Stations.STANDARD, "wok");
        outbox = new H2Outbox(vertx, db, writer, clock);
        store = new H2OrderStore(
                vertx, db, writer, router, new KitchenRules(Duration.ofMinutes(15), true), new Topics("jkt-01"), clock);
    }

    void close() {
        writer.close();
        db.close();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (db != null) {
            close();
        }
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.await(10, TimeUnit.SECONDS);
    }

    static String codeOf(Future<?> f) {
        try {
            f.await(10, TimeUnit.SECONDS);
        } catch (Problem.Failure e) {
            return e.problem().code();
        } catch (Exception e) {
            if (e.getCause() instanceof Problem.Failure p) {
                return p.problem().code();
            }
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void anAcceptedOrderSurvivesReopeningWithItsTicketsAndOutbox() throws Exception {
        open();
        OrderStore.Acceptance a = await(store.accept(Orders.parsed("A-1")));
        assertThat(a.duplicate()).isFalse();
        assertThat(committed)
                .extracting(OutboxEntry::topic)
                .containsExactly(
                        "dapur/jkt-01/orders/A-1/events",
                        "dapur/jkt-01/kds/wok/tickets",
                        "dapur/jkt-01/kds/bar/tickets",
                        "dapur/jkt-01/kds/expo/tickets");
        assertThat(writer.syncs()).isGreaterThanOrEqualTo(1);
        close();

        open();
        OrderStore.StoredOrder o = await(store.order("A-1")).orElseThrow();
        assertThat(o.status()).isEqualTo("ACCEPTED");
        assertThat(o.tickets()).hasSize(3);
        assertThat(await(outbox.pendingOutbox(0, 100))).hasSize(4);
        assertThat(await(store.accept(Orders.parsed("A-1"))).duplicate()).isTrue();
    }

    @Test
    void conflictsAndRefusalsChangeNothing() throws Exception {
        open();
        await(store.accept(Orders.parsed("A-1")));
        int before = committed.size();
        assertThat(codeOf(store.accept(OrderParser.parse(
                        Orders.json("A-1").replace("\"qty\":2", "\"qty\":5").getBytes()))))
                .isEqualTo("ORDER_CONFLICT");
        assertThat(codeOf(store.act(new ActionRequest("x1", "A-1/expo", null, TicketAction.BUMP))))
                .isEqualTo("NOT_READY");
        assertThat(codeOf(store.voidOrder(new VoidRequest("A-1", List.of("42"), "x"))))
                .isEqualTo("UNKNOWN_LINE");
        assertThat(codeOf(store.voidOrder(new VoidRequest("B-9", List.of(), "x"))))
                .isEqualTo("UNKNOWN_ORDER");
        assertThat(committed).hasSize(before);
        assertThat(await(store.order("A-1")).orElseThrow().tickets())
                .allSatisfy(t -> assertThat(t.version()).isEqualTo(1));
    }

    @Test
    void actionsAreIdempotentByActionId() throws Exception {
        open();
        await(store.accept(Orders.parsed("A-1")));
        OrderStore.ActionResult first = await(store.act(new ActionRequest("a1", "A-1/wok", null, TicketAction.START)));
        OrderStore.ActionResult again = await(store.act(new ActionRequest("a1", "A-1/wok", null, TicketAction.START)));
        assertThat(first.repeated()).isFalse();
        assertThat(again.repeated()).isTrue();
        assertThat(again.ticket()).isEqualTo(first.ticket());
        assertThat(codeOf(store.act(new ActionRequest("a1", "A-1/bar", null, TicketAction.START))))
                .isEqualTo("ACTION_CONFLICT");
    }

    @Test
    void finishedOrdersArePurgedAfterRetentionAndOpenOnesKept() throws Exception {
        open();
        await(store.accept(Orders.parsed("A-1")));
        await(store.accept(Orders.parsed("A-2")));
        await(store.voidOrder(new VoidRequest("A-1", List.of(), "test")));
        Instant finishedAt = clock.instant();
        assertThat(await(store.purgeFinished(finishedAt))).isZero(); // finished, but not before the cut
        assertThat(await(store.purgeFinished(finishedAt.plusSeconds(1)))).isEqualTo(1);
        assertThat(await(store.order("A-1"))).isEmpty();
        assertThat(await(store.order("A-2"))).isPresent();
        assertThat(await(store.tickets("wok", OrderStore.TicketFilter.ALL, 0, 10)))
                .hasSize(1);
    }

    @Test
    void confirmedPublicationsAreForgottenAndTheRestReplayedInOrder() throws Exception {
        open();
        await(store.accept(Orders.parsed("A-1")));
        await(store.accept(Orders.parsed("A-2")));
        List<OutboxEntry> all = await(outbox.pendingOutbox(0, 100));
        assertThat(all).extracting(OutboxEntry::seq).isSorted().hasSize(8);
        await(outbox.published(all.subList(0, 5).stream().map(OutboxEntry::seq).toList()));
        assertThat(await(outbox.pendingOutbox(0, 100)))
                .extracting(OutboxEntry::seq, OutboxEntry::topic, OutboxEntry::payload)
                .containsExactlyElementsOf(all.subList(5, 8).stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.seq(), e.topic(), e.payload()))
                        .toList());
        assertThat(await(outbox.pendingOutbox(all.get(6).seq(), 100)))
                .extracting(OutboxEntry::seq)
                .containsExactly(all.get(7).seq());
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsMovedAsideIntactAndNeverRecreatedSilently() throws Exception {
        byte[] garbage =
                "this is not an H2 file, but it is somebody's data".repeat(200).getBytes();
        Files.write(Database.file(dir), garbage);

        assertThatThrownBy(() -> Database.open(dir, false))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("Moved intact")
                .hasMessageContaining("--start-fresh");
        Path quarantined;
        try (Stream<Path> s = Files.list(dir.resolve("quarantine"))) {
            quarantined =
                    s.filter(p -> p.toString().endsWith(".mv.db")).findFirst().orElseThrow();
        }
        assertThat(Files.readAllBytes(quarantined)).isEqualTo(garbage);
        assertThat(Database.file(dir)).doesNotExist();

        assertThatThrownBy(() -> Database.open(dir, false))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("quarantined");
        assertThat(Database.file(dir)).doesNotExist();

        Database fresh = Database.open(dir, true);
        fresh.close();
        assertThat(Database.file(dir)).exists();
        assertThat(Files.readAllBytes(quarantined)).isEqualTo(garbage);
        Database.open(dir, false).close(); // the operator's choice holds on later starts
    }

    @Test
    void aDatabaseThatOpensWithTablesLostIsQuarantinedNotRunOn() throws Exception {
        // H2 2.5 after a kill -9 once opened a file whose ORDERS table was gone ("Chunk 31 not found" in its trace)
        Database.open(dir, false).close();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:h2:file:" + dir.toAbsolutePath().resolve("dapur"), "dapur", "");
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE tickets");
        }

        assertThatThrownBy(() -> Database.open(dir, false))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("tables missing")
                .hasMessageContaining("tickets")
                .hasMessageContaining("Moved intact");
        assertThat(Database.file(dir)).doesNotExist();
    }

    @Test
    void theTablesCheckedAtOpenAreTheTablesTheMigrationsCreate() throws Exception {
        List<String> created = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path f : files.sorted().toList()) {
                Matcher m = Pattern.compile("CREATE TABLE (\\w+)").matcher(Files.readString(f));
                while (m.find()) {
                    created.add(m.group(1));
                }
            }
        }
        assertThat(Database.TABLES).containsExactlyInAnyOrderElementsOf(created);
    }
}
