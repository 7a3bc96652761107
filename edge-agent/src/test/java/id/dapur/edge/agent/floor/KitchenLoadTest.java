package id.dapur.edge.agent.floor;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.kitchen.PrepTimes;
import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketLine;
import id.dapur.edge.agent.kitchen.TicketStatus;
import id.dapur.edge.agent.orders.Channel;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.config.KitchenConfig;
import id.dapur.edge.config.MenuConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kitchen load on a fixed clock: exact waits, quote and level, and cook times learned from bumps. */
class KitchenLoadTest {
    static final Instant T0 = Instant.parse("2026-12-02T11:00:00Z");
    static final MenuConfig MENU = new MenuConfig(
            List.of(new MenuConfig.Item("NG-01", "Nasi Goreng", Duration.ofMinutes(6), null)), List.of());
    static final KitchenConfig.Load CONFIG =
            new KitchenConfig.Load(Duration.ofMinutes(5), true, Duration.ofMinutes(15), Duration.ofMinutes(30), 2);
    final PrepTimes prep = new PrepTimes(MENU, Duration.ofMinutes(5), true);
    final KitchenLoad load = new KitchenLoad(List.of("wok", "bar"), CONFIG, prep, Clock.fixed(T0, ZoneOffset.UTC));
    long seq;

    void ticket(String id, String station, TicketStatus status, Instant updated, TicketLine... lines) {
        ticket(id, station, status, T0, updated, lines);
    }

    void ticket(String id, String station, TicketStatus status, Instant created, Instant updated, TicketLine... lines) {
        Ticket t = new Ticket(
                id + "/" + station,
                id,
                station,
                status,
                created,
                updated,
                Channel.DINE_IN,
                null,
                List.of(lines),
                ++seq,
                1,
                false,
                null,
                null,
                1,
                null,
                null,
                null);
        load.apply(seq, Json.write(t));
    }

    static TicketLine line(String id, String sku, int qty, TicketStatus s) {
        return new TicketLine(id, "x", qty, List.of(), null, List.of(), s, 1, sku, false, null);
    }

    static KitchenLoad.StationLoad station(KitchenLoad.Load load, String id) {
        return load.stations().stream()
                .filter(s -> s.station().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theNewestOpenTicketIsKnownAndGoesWhenItIsDone() {
        assertThat(load.newestOpenTicket()).isEmpty();
        Instant older = T0.minusSeconds(600);
        Instant newer = T0.minusSeconds(60);
        ticket("A", "wok", TicketStatus.NEW, older, older, line("1", "NG-01", 1, TicketStatus.NEW));
        ticket("B", "wok", TicketStatus.NEW, newer, newer, line("1", "NG-01", 1, TicketStatus.NEW));
        ticket("C", "bar", TicketStatus.NEW, older, older, line("1", "NG-01", 1, TicketStatus.NEW));
        assertThat(load.newestOpenTicket()).contains(newer);
        ticket("B", "wok", TicketStatus.READY, newer, T0, line("1", "NG-01", 1, TicketStatus.READY));
        assertThat(load.newestOpenTicket())
                .as("ready, not yet served: still open")
                .contains(newer);
        ticket("B", "wok", TicketStatus.SERVED, newer, T0, line("1", "NG-01", 1, TicketStatus.SERVED));
        assertThat(load.newestOpenTicket()).as("B is served: A and C are left").contains(older);
        ticket("A", "wok", TicketStatus.SERVED, older, T0, line("1", "NG-01", 1, TicketStatus.SERVED));
        ticket("C", "bar", TicketStatus.VOIDED, older, T0, line("1", "NG-01", 1, TicketStatus.VOIDED));
        assertThat(load.newestOpenTicket()).isEmpty();
    }

    @Test
    void openItemsWeightedByPrepTimeGiveTheWaitTheQuoteAndTheLevel() {
        assertThat(load.now().level()).isEqualTo(KitchenLoad.Level.NORMAL);
        assertThat(load.now().quoteMinutes())
                .as("an empty kitchen: the default prep time")
                .isEqualTo(5L);
        // wok: 3 x NG (6 min) new + 2 x default (5 min) cooking (half) = 18 + 5 = 23 min of work, 2 at once: 690 s
        ticket(
                "A",
                "wok",
                TicketStatus.NEW,
                T0,
                line("1", "NG-01", 3, TicketStatus.NEW),
                line("2", null, 2, TicketStatus.IN_PROGRESS),
                line("3", "NG-01", 1, TicketStatus.READY));
        KitchenLoad.Load now = load.now();
        assertThat(station(now, "wok").openItems()).isEqualTo(5);
        assertThat(station(now, "wok").estimatedWaitSeconds()).isEqualTo(690L);
        assertThat(station(now, "bar").openItems()).isEqualTo(0);
        assertThat(now.quoteMinutes()).as("(690 + 300) s, rounded up").isEqualTo(17L);
        assertThat(now.level()).isEqualTo(KitchenLoad.Level.BUSY);
        ticket("B", "wok", TicketStatus.NEW, T0, line("1", "NG-01", 5, TicketStatus.NEW));
        assertThat(load.now().level()).as("690 + 900 s of wait").isEqualTo(KitchenLoad.Level.SLAMMED);
        ticket("B", "wok", TicketStatus.VOIDED, T0, line("1", "NG-01", 5, TicketStatus.VOIDED));
        ticket(
                "A",
                "wok",
                TicketStatus.SERVED,
                T0,
                line("1", "NG-01", 3, TicketStatus.SERVED),
                line("2", null, 2, TicketStatus.SERVED),
                line("3", "NG-01", 1, TicketStatus.SERVED));
        assertThat(load.now().level()).isEqualTo(KitchenLoad.Level.NORMAL);
        assertThat(station(load.now(), "wok").openItems()).isEqualTo(0);
    }

    @Test
    void cookTimesAreMeasuredFromStartToReady() {
        for (int i = 0; i < 5; i++) {
            String id = "L" + i;
            ticket(id, "wok", TicketStatus.NEW, T0, line("1", "NG-01", 1, TicketStatus.NEW));
            ticket(
                    id,
                    "wok",
                    TicketStatus.IN_PROGRESS,
                    T0.plusSeconds(60),
                    line("1", "NG-01", 1, TicketStatus.IN_PROGRESS));
            ticket(id, "wok", TicketStatus.READY, T0.plusSeconds(60 + 240), line("1", "NG-01", 1, TicketStatus.READY));
        }
        assertThat(prep.of("NG-01"))
                .as("four minutes each, from START to READY")
                .isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void aFloodOfTicketsIsCountedUpToTheBoundAndMemoryStaysBounded() {
        for (int i = 0; i < KitchenLoad.MAX_TRACKED + 100; i++) {
            ticket("F" + i, "bar", TicketStatus.NEW, T0, line("1", null, 1, TicketStatus.NEW));
        }
        assertThat(station(load.now(), "bar").openItems()).isEqualTo(KitchenLoad.MAX_TRACKED);
        assertThat(load.now().level()).isEqualTo(KitchenLoad.Level.SLAMMED);
        ticket("F5", "bar", TicketStatus.SERVED, T0, line("1", null, 1, TicketStatus.SERVED));
        ticket("F150", "bar", TicketStatus.SERVED, T0, line("1", null, 1, TicketStatus.SERVED));
        assertThat(station(load.now(), "bar").openItems())
                .as("one let go already, one counted")
                .isEqualTo(KitchenLoad.MAX_TRACKED - 1);
    }
}
