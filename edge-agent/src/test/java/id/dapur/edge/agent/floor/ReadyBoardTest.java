package id.dapur.edge.agent.floor;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketChanged;
import id.dapur.edge.agent.kitchen.TicketLine;
import id.dapur.edge.agent.kitchen.TicketStatus;
import id.dapur.edge.agent.orders.Channel;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.contract.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The ready board's rules on a fixed clock: numbers, columns, what leaves when, and what is never shown. */
class ReadyBoardTest {
    static final Instant T0 = Instant.parse("2026-12-02T11:00:00Z");
    final AtomicLong seq = new AtomicLong();
    final ManualClock clock = new ManualClock(T0);

    TicketChanged change(String orderId, String station, TicketStatus status, Channel channel, String displayName) {
        TicketLine line = new TicketLine(
                "1", "Nasi Goreng Spesial", 1, List.of(), "no egg", List.of("egg"), status, 1, "NG-01", false, null);
        Ticket t = new Ticket(
                orderId + "/" + station,
                orderId,
                station,
                status,
                T0,
                clock.instant(),
                channel,
                "12",
                List.of(line),
                seq.get(),
                1,
                station.equals("expo"),
                null,
                null,
                1,
                null,
                null,
                displayName);
        return new TicketChanged(seq.incrementAndGet(), t, Json.write(t));
    }

    static List<String> column(ReadyBoard b, String name) {
        ReadyBoard.Frame f = b.message();
        return (name.equals("ready") ? f.ready() : f.preparing())
                .stream().map(ReadyBoard.Shown::number).toList();
    }

    @Test
    void theNumberIsTheTailOfTheOrderIdWithoutLeadingZeros() {
        assertThat(ReadyBoard.number("POS1-000123")).isEqualTo("123");
        assertThat(ReadyBoard.number("GF:A1B2C3D4")).isEqualTo("B2C3D4");
        assertThat(ReadyBoard.number("000")).isEqualTo("0");
        assertThat(ReadyBoard.number("7")).isEqualTo("7");
    }

    @Test
    void withoutExpoAnOrderIsReadyWhenEveryStationIsAndLeavesWhenServed() {
        ReadyBoard b = new ReadyBoard(Duration.ofMinutes(10), false, clock);
        assertThat(b.committed(List.of(
                        change("POS1-7", "wok", TicketStatus.NEW, Channel.TAKEAWAY, null),
                        change("POS1-7", "bar", TicketStatus.NEW, Channel.TAKEAWAY, null))))
                .isTrue();
        assertThat(column(b, "preparing")).containsExactly("7");
        assertThat(b.committed(List.of(change("POS1-7", "wok", TicketStatus.READY, Channel.TAKEAWAY, null))))
                .isFalse();
        assertThat(column(b, "preparing")).containsExactly("7");
        assertThat(b.committed(List.of(change("POS1-7", "bar", TicketStatus.READY, Channel.TAKEAWAY, null))))
                .isTrue();
        assertThat(column(b, "ready")).containsExactly("7");
        assertThat(b.committed(List.of(
                        change("POS1-7", "wok", TicketStatus.SERVED, Channel.TAKEAWAY, null),
                        change("POS1-7", "bar", TicketStatus.SERVED, Channel.TAKEAWAY, null))))
                .isTrue();
        assertThat(column(b, "ready")).isEmpty();
        assertThat(column(b, "preparing")).isEmpty();
    }

    @Test
    void withExpoTheExposBumpSendsItToTheCounterAndItLeavesAfterReadyFor() {
        ReadyBoard b = new ReadyBoard(Duration.ofMinutes(10), true, clock);
        b.committed(List.of(
                change("POS1-8", "wok", TicketStatus.NEW, Channel.GRABFOOD, "Budi"),
                change("POS1-8", "expo", TicketStatus.NEW, Channel.GRABFOOD, "Budi")));
        b.committed(List.of(change("POS1-8", "wok", TicketStatus.READY, Channel.GRABFOOD, "Budi")));
        assertThat(column(b, "preparing")).as("cooked, not yet through expo").containsExactly("8");
        clock.set(T0.plusSeconds(60));
        b.committed(List.of(change("POS1-8", "wok", TicketStatus.SERVED, Channel.GRABFOOD, "Budi")));
        assertThat(column(b, "ready")).containsExactly("8");
        clock.set(T0.plusSeconds(60 + 599));
        assertThat(b.expire()).isFalse();
        clock.set(T0.plusSeconds(60 + 600));
        assertThat(b.expire()).isTrue();
        assertThat(column(b, "ready")).isEmpty();
    }

    @Test
    void aVoidedOrderLeavesAndALateOrOldChangeIsIgnored() {
        ReadyBoard b = new ReadyBoard(Duration.ofMinutes(10), false, clock);
        TicketChanged old = change("POS1-9", "wok", TicketStatus.NEW, Channel.DINE_IN, null);
        TicketChanged voided = change("POS1-9", "wok", TicketStatus.VOIDED, Channel.DINE_IN, null);
        b.committed(List.of(old, voided));
        assertThat(b.committed(List.of(old)))
                .as("an older change of a gone order")
                .isFalse();
        assertThat(column(b, "preparing")).isEmpty();
    }

    @Test
    void theBoardShowsNumberChannelAndDisplayNameOnly() {
        ReadyBoard b = new ReadyBoard(Duration.ofMinutes(10), false, clock);
        b.committed(List.of(change("POS1-10", "wok", TicketStatus.NEW, Channel.GOFOOD, "Sari")));
        String json = Json.write(b.message());
        assertThat(json)
                .contains("\"number\":\"10\"", "\"channel\":\"GOFOOD\"", "\"displayName\":\"Sari\"")
                .doesNotContain("Nasi Goreng", "no egg", "egg", "\"12\"", "POS1-10", "NG-01");
    }

    @Test
    void theBoardHoldsABoundedNumberOfOrdersTheOldestLeaveFirst() {
        ReadyBoard b = new ReadyBoard(Duration.ofMinutes(10), false, clock);
        for (int i = 0; i < ReadyBoard.MAX_ORDERS + 50; i++) {
            b.committed(List.of(change("FLOOD-" + i, "wok", TicketStatus.NEW, Channel.DINE_IN, null)));
        }
        assertThat(b.size()).isEqualTo(ReadyBoard.MAX_ORDERS);
        assertThat(column(b, "preparing"))
                .as("the 50 oldest are gone")
                .hasSize(ReadyBoard.MAX_SHOWN)
                .doesNotContain("0", "1", "49");
        assertThat(b.committed(List.of(change("FLOOD-0", "wok", TicketStatus.READY, Channel.DINE_IN, null))))
                .as("a later change of an order let go brings it back, as ready")
                .isTrue();
    }
}
