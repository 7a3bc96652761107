package id.dapur.edge.agent.kitchen;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.orders.OrderParser;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.Stations;
import id.dapur.edge.config.StationConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StationRouterTest {
    static final List<StationConfig> STATIONS = Stations.STANDARD;

    @Test
    void eachStationGetsItsCategoriesUnclaimedGoToDefaultAndExpoSeesAll() {
        StationRouter router = new StationRouter(STATIONS, "wok");
        AtomicLong seq = new AtomicLong(100);
        List<Ticket> tickets = router.route(
                OrderParser.parse(Orders.withCourses("A-1").getBytes(StandardCharsets.UTF_8)),
                Instant.EPOCH,
                seq::incrementAndGet);

        assertThat(tickets).extracting(Ticket::ticketId).containsExactly("A-1/wok", "A-1/bar", "A-1/expo");
        assertThat(tickets.get(0).items()).extracting(TicketLine::lineId).containsExactly("1", "3");
        assertThat(tickets.get(1).items()).extracting(TicketLine::lineId).containsExactly("2");
        assertThat(tickets.get(2).items()).extracting(TicketLine::lineId).containsExactly("1", "2", "3");
        assertThat(tickets.get(2).expo()).isTrue();
        assertThat(tickets).extracting(Ticket::seq).containsExactly(101L, 102L, 103L);
        assertThat(tickets).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TicketStatus.NEW);
            assertThat(t.table()).isEqualTo("7");
        });
        assertThat(tickets.get(0).items().get(1).course()).isEqualTo(2);
        assertThat(tickets).allSatisfy(t -> assertThat(t.firedCourse()).isEqualTo(1)); // course 2 is held
        assertThat(tickets.get(0).held(tickets.get(0).items().get(1))).isTrue();
    }

    @Test
    void stationsWithNothingToCookGetNoTicket() {
        StationRouter router = new StationRouter(STATIONS.subList(0, 2), "bar");
        List<Ticket> tickets = router.route(OrderParser.parse(("""
                {"orderId":"B-1","source":"p","channel":"TAKEAWAY","placedAt":"2026-11-23T07:00:00Z",
                 "items":[{"lineId":"1","name":"Kopi","qty":1,"category":"drinks"},
                          {"lineId":"2","name":"Kue","qty":1,"category":"cake"}]}""").getBytes()), Instant.EPOCH, () -> 1);
        assertThat(tickets).extracting(Ticket::station).containsExactly("bar");
        assertThat(tickets.get(0).items()).hasSize(2);
        assertThat(router.hasExpo()).isFalse();
    }
}
