package id.dapur.edge.agent.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.audit.AuditLog;
import id.dapur.edge.agent.kitchen.ActionRequest;
import id.dapur.edge.agent.kitchen.H2OrderStore;
import id.dapur.edge.agent.kitchen.KitchenRules;
import id.dapur.edge.agent.kitchen.StationRouter;
import id.dapur.edge.agent.kitchen.TicketAction;
import id.dapur.edge.agent.kitchen.TicketWrites;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.staff.StationStaff;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.Utf8Column;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.Stations;
import id.dapur.edge.config.PinHash;
import id.dapur.edge.config.StaffConfig;
import id.dapur.edge.contract.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kitchen analytics on a fixed clock with known events, through the real order store
 * and an H2 file: exact nearest-rank p50/p90 per station, item, cook and daypart, late tickets over the
 * station's red threshold, the last READY counting after a recall, and a station filter.
 */
class AnalyticsTest {
    static final Instant T0 = Instant.parse("2026-11-23T07:00:00Z");

    @TempDir
    Path dir;

    final Vertx vertx = Vertx.vertx();
    final ManualClock clock = new ManualClock(T0);
    Database db;
    GroupCommitWriter writer;

    @AfterEach
    void tearDown() throws Exception {
        writer.close();
        db.close();
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.await(20, TimeUnit.SECONDS);
    }

    @Test
    void exactPercentilesPerStationItemCookAndDaypart() throws Exception {
        db = Database.open(dir, false);
        writer = new GroupCommitWriter(db);
        H2OrderStore store = new H2OrderStore(
                vertx,
                db,
                writer,
                new StationRouter(Stations.STANDARD, "wok"),
                new KitchenRules(Duration.ofMinutes(15), true),
                new Topics("jkt-01"),
                clock,
                TicketWrites.NONE,
                H2OrderStore.UnavailableItems.NONE,
                new H2KitchenHistory(s -> Duration.ofMinutes(8), ZoneOffset.UTC));
        StaffConfig staff = new StaffConfig(List.of(
                new StaffConfig.Member("ani", "Ani", PinHash.of("1234", 10_000), true),
                new StaffConfig.Member("budi", "Budi", PinHash.of("5678", 10_000), true)));
        StationStaff stations = new StationStaff(
                vertx,
                writer,
                db,
                staff,
                Set.of("wok", "bar", "expo"),
                new AuditLog(vertx, writer, clock),
                clock,
                new AgentMetrics());

        // ten orders a minute apart from 07:00; the wok bumps order i after i minutes (ani the first five, budi the
        // rest),
        // the bar every drink after 30 s and with nobody signed in
        for (int i = 1; i <= 10; i++) {
            clock.set(T0.plusSeconds(60L * (i - 1)));
            await(store.accept(Orders.parsed("A-" + i)));
        }
        for (int i = 1; i <= 10; i++) {
            if (i == 1) {
                await(stations.signIn("wok", "ani", "1234", "test"));
            } else if (i == 6) {
                await(stations.signIn("wok", "budi", "5678", "test"));
            }
            Instant created = T0.plusSeconds(60L * (i - 1));
            clock.set(created.plusSeconds(5));
            await(store.act(new ActionRequest("ds-" + i, "A-" + i + "/bar", null, TicketAction.START), "test", "bar"));
            clock.set(created.plusSeconds(10));
            await(store.act(new ActionRequest("s-" + i, "A-" + i + "/wok", null, TicketAction.START), "test", "wok"));
            clock.set(created.plusSeconds(30));
            await(store.act(new ActionRequest("d-" + i, "A-" + i + "/bar", null, TicketAction.BUMP), "test", "bar"));
            clock.set(created.plusSeconds(60L * i));
            await(store.act(new ActionRequest("b-" + i, "A-" + i + "/wok", null, TicketAction.BUMP), "test", "wok"));
        }
        // order 10 is recalled and bumped again at 11 min: its time is the last READY (660 s)
        clock.set(T0.plusSeconds(9 * 60 + 620));
        await(store.act(new ActionRequest("r-10", "A-10/wok", null, TicketAction.RECALL), "test", "wok"));
        clock.set(T0.plusSeconds(9 * 60 + 660));
        await(store.act(new ActionRequest("b2-10", "A-10/wok", null, TicketAction.BUMP), "test", "wok"));

        JsonNode all;
        try (Connection c = db.connection()) {
            all = Json.tree(Json.write(H2AnalyticsStore.tickets(c, T0, T0.plus(Duration.ofDays(1)), null)));
        }
        // wok: 60, 120, ..., 540, 660 → nearest-rank p50 = 5th = 300, p90 = 9th = 540; over 8 min: 540 and 660
        // the expo's ticket is READY when its last line is (the wok's): the same times
        assertThat(all.path("stations")).hasSize(3);
        assertStation(all.path("stations").get(0), "bar", 10, 30, 30, 0);
        assertStation(all.path("stations").get(1), "expo", 10, 300, 540, 2);
        assertStation(all.path("stations").get(2), "wok", 10, 300, 540, 2);
        // the wok ticket's lines: Nasi Goreng (qty 2) and Pisang Goreng (qty 1, to the default station); the drink on
        // the bar
        assertThat(all.path("items"))
                .extracting(j -> j.path("name").asText() + "/" + j.path("count").asLong() + "/"
                        + j.path("p50Seconds").asInt())
                .containsExactly("Nasi Goreng/20/300", "Es Teh Manis/10/30", "Pisang Goreng/10/300");
        // cooks: ani bumped 60..300 (p50 180), budi 360..540 and 660 (p50 480); the bar's bumps had nobody signed in
        assertThat(all.path("staff"))
                .extracting(j -> j.path("staffId").asText() + "/"
                        + j.path("bumps").asLong() + "/" + j.path("p50Seconds").asInt())
                .containsExactly("ani/5/180", "budi/5/480");
        assertThat(all.path("dayparts"))
                .extracting(j ->
                        j.path("daypart").asText() + "/" + j.path("tickets").asLong())
                .containsExactly("breakfast/30");
        assertThat(all.path("hours").get(0).path("hour").asInt()).isEqualTo(7);

        JsonNode wok;
        try (Connection c = db.connection()) {
            wok = Json.tree(Json.write(H2AnalyticsStore.tickets(c, T0, T0.plus(Duration.ofDays(1)), "wok")));
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT seconds, started_by, ready_by FROM ticket_history WHERE ticket_id = 'A-10/wok'");
                    ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(660);
                assertThat(rs.getString(2)).isEqualTo("budi");
                assertThat(rs.getString(3)).isEqualTo("budi");
            }
        }
        assertThat(wok.path("stations")).hasSize(1);
        assertThat(wok.path("items"))
                .extracting(j -> j.path("name").asText())
                .containsExactly("Nasi Goreng", "Pisang Goreng");
        assertThat(wok.path("hours"))
                .extracting(
                        j -> j.path("hour").asInt() + "/" + j.path("tickets").asLong())
                .containsExactly("7/10");

        // the range counts tickets by when they were created: from 07:05 only orders 6-10
        try (Connection c = db.connection()) {
            JsonNode later = Json.tree(
                    Json.write(H2AnalyticsStore.tickets(c, T0.plusSeconds(300), T0.plus(Duration.ofDays(1)), "wok")));
            assertStation(later.path("stations").get(0), "wok", 5, 480, 660, 2);
        }
    }

    @Test
    void aRolledUpDayAnswersAsItsRowsAndALaterChangeUndoesTheRollup() throws Exception {
        db = Database.open(dir, false);
        writer = new GroupCommitWriter(db);
        H2OrderStore store = new H2OrderStore(
                vertx,
                db,
                writer,
                new StationRouter(Stations.STANDARD, "wok"),
                new KitchenRules(Duration.ofHours(48), true),
                new Topics("jkt-01"),
                clock,
                TicketWrites.NONE,
                H2OrderStore.UnavailableItems.NONE,
                new H2KitchenHistory(s -> Duration.ofMinutes(8), ZoneOffset.UTC));
        for (int i = 1; i <= 7; i++) {
            Instant created = T0.plusSeconds(600L * i);
            clock.set(created);
            await(store.accept(Orders.parsed("R-" + i)));
            clock.set(created.plusSeconds(5));
            await(store.act(new ActionRequest("rs-" + i, "R-" + i + "/wok", null, TicketAction.START), "test", null));
            clock.set(created.plusSeconds(45L * i));
            await(store.act(new ActionRequest("rb-" + i, "R-" + i + "/wok", null, TicketAction.BUMP), "test", null));
        }
        Instant day = Instant.parse("2026-11-23T00:00:00Z");
        Instant next = day.plus(Duration.ofDays(1));
        TicketAnalytics raw;
        TicketAnalytics rolled;
        try (Connection c = db.connection()) {
            raw = H2AnalyticsStore.tickets(c, day, next.plus(Duration.ofDays(1)), null, ZoneOffset.UTC);
        }
        clock.set(next.plusSeconds(3600));
        await(writer.submit(vertx.getOrCreateContext(), true, (c, b) -> {
            H2DayRollups.rollUp(c, LocalDate.of(2026, 11, 23), ZoneOffset.UTC);
            return null;
        }));
        try (Connection c = db.connection()) {
            assertThat(H2DayRollups.notRolledUp(c, LocalDate.of(2026, 11, 24), ZoneOffset.UTC, 10))
                    .isEmpty();
            rolled = H2AnalyticsStore.tickets(c, day, next.plus(Duration.ofDays(1)), null, ZoneOffset.UTC);
        }
        assertThat(Json.write(rolled))
                .as("the rollup answers exactly as the rows")
                .isEqualTo(Json.write(raw));

        // the next day a ticket of that day is recalled and bumped again: the day's rollup is dropped, the rows answer
        await(store.act(new ActionRequest("rr-7", "R-7/wok", null, TicketAction.RECALL), "test", null));
        clock.set(next.plusSeconds(3700));
        await(store.act(new ActionRequest("rb2-7", "R-7/wok", null, TicketAction.BUMP), "test", null));
        try (Connection c = db.connection()) {
            assertThat(H2DayRollups.notRolledUp(c, LocalDate.of(2026, 11, 24), ZoneOffset.UTC, 10))
                    .containsExactly(LocalDate.of(2026, 11, 23));
            JsonNode wok = Json.tree(Json.write(H2AnalyticsStore.tickets(c, day, next, "wok", ZoneOffset.UTC)))
                    .path("stations")
                    .get(0);
            // 45..270 s and now 7's 25h-something: p90 of 7 = 7th
            assertThat(wok.path("p90Seconds").asInt())
                    .isEqualTo((int) Duration.between(T0.plusSeconds(4200), next.plusSeconds(3700))
                            .toSeconds());
            assertThat(wok.path("late").asLong()).isEqualTo(1);
        }
    }

    @Test
    void eachFinishedDayGoesToTheCloudOnceWithItsAnalyticsAndWaste() throws Exception {
        db = Database.open(dir, false);
        writer = new GroupCommitWriter(db);
        writer.writeCloudEvents();
        H2OrderStore store = new H2OrderStore(
                vertx,
                db,
                writer,
                new StationRouter(Stations.STANDARD, "wok"),
                new KitchenRules(Duration.ofMinutes(15), true),
                new Topics("jkt-01"),
                clock,
                TicketWrites.NONE,
                H2OrderStore.UnavailableItems.NONE,
                new H2KitchenHistory(s -> Duration.ofMinutes(8), ZoneOffset.UTC));
        await(store.accept(Orders.parsed("S-1")));
        clock.advance(Duration.ofSeconds(5));
        await(store.act(new ActionRequest("ss-1", "S-1/wok", null, TicketAction.START), "test", null));
        clock.advance(Duration.ofSeconds(95));
        await(store.act(new ActionRequest("sb-1", "S-1/wok", null, TicketAction.BUMP), "test", null));
        try (Connection c = id.dapur.edge.agent.storage.Unjournaled.connection(db);
                PreparedStatement ps = c.prepareStatement("INSERT INTO waste (waste_id, at, sku, name, reason, grams,"
                        + " request) VALUES ('w-1', ?, 'NG-01', 'Nasi Goreng', 'SPOILED', 250, '{}')")) {
            ps.setTimestamp(1, Timestamp.from(T0.plusSeconds(60)));
            ps.executeUpdate();
        }
        DailySummary daily = new DailySummary(vertx, writer, db, ZoneOffset.UTC, clock);
        assertThat(await(daily.sendDue())).as("the day is not over").isZero();
        clock.set(Instant.parse("2026-11-26T01:00:00Z")); // two empty days after it
        assertThat(await(daily.sendDue())).isEqualTo(1);
        assertThat(await(daily.sendDue())).as("sent once").isZero();
        assertThat(await(new DailySummary(vertx, writer, db, ZoneOffset.UTC, clock).sendDue()))
                .as("once, after a restart too")
                .isZero();
        List<JsonNode> sent = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT payload FROM cloud_outbox WHERE type = 'ANALYTICS_DAILY'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sent.add(Json.tree(Utf8Column.get(rs, 1)));
            }
        }
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("day").asText()).isEqualTo("2026-11-23");
        assertThat(sent.get(0).at("/analytics/stations"))
                .extracting(j ->
                        j.path("station").asText() + "/" + j.path("p50Seconds").asInt())
                .contains("wok/100");
        assertThat(sent.get(0).at("/waste/0/grams").asDouble()).isEqualTo(250.0);
        try (Connection c = db.connection()) {
            assertThat(H2DayRollups.notRolledUp(c, LocalDate.of(2026, 11, 26), ZoneOffset.UTC, 10))
                    .as("every finished day rolled up")
                    .isEmpty();
        }
    }

    static void assertStation(JsonNode s, String station, long tickets, int p50, int p90, long late) {
        assertThat(Map.of(
                        "station",
                        s.path("station").asText(),
                        "tickets",
                        s.path("tickets").asLong(),
                        "p50",
                        s.path("p50Seconds").asInt(),
                        "p90",
                        s.path("p90Seconds").asInt(),
                        "late",
                        s.path("late").asLong()))
                .isEqualTo(Map.of("station", station, "tickets", tickets, "p50", p50, "p90", p90, "late", late));
    }
}
