package id.dapur.edge.agent.kitchen;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.orders.Channel;
import id.dapur.edge.agent.support.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A committed ticket reaches the floor (ready board, kitchen load) as its type and the screens as its
 * JSON: both must say the same. Every field set, read back from what is published, equals the ticket.
 */
class TicketJsonTest {
    @Test
    void theTicketAsPublishedReadsBackAsTheTicketItself() {
        Instant t0 = Instant.parse("2026-12-07T11:00:00.123456789Z");
        TicketLine held = new TicketLine(
                "2",
                "Es Teh",
                2,
                List.of("less sugar", "big"),
                "cold",
                List.of(),
                TicketStatus.NEW,
                2,
                "ET-1",
                true,
                t0.plusSeconds(600));
        TicketLine cooking = new TicketLine(
                "1",
                "Nasi Goreng",
                1,
                List.of(),
                null,
                List.of("egg", "peanut"),
                TicketStatus.IN_PROGRESS,
                1,
                null,
                false,
                null);
        Ticket t = new Ticket(
                "POS1-7/wok",
                "POS1-7",
                "wok",
                TicketStatus.IN_PROGRESS,
                t0,
                t0.plusMillis(1500),
                Channel.GRABFOOD,
                "12",
                List.of(cooking, held),
                42,
                3,
                true,
                t0.plusSeconds(5),
                t0.plusSeconds(6),
                1,
                t0.plusNanos(1),
                t0.plusSeconds(61),
                "Budi");

        assertThat(Json.read(Json.write(t), Ticket.class)).isEqualTo(t);
        TicketChanged c = new TicketChanged(9, t, Json.write(t));
        assertThat(c.station()).isEqualTo("wok");
    }
}
