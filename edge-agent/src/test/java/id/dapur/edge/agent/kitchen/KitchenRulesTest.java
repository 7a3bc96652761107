package id.dapur.edge.agent.kitchen;

import static id.dapur.edge.agent.kitchen.TicketAction.BUMP;
import static id.dapur.edge.agent.kitchen.TicketAction.FIRE;
import static id.dapur.edge.agent.kitchen.TicketAction.RECALL;
import static id.dapur.edge.agent.kitchen.TicketAction.START;
import static id.dapur.edge.agent.kitchen.TicketAction.VOID_ACK;
import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.orders.OrderParser;
import id.dapur.edge.agent.orders.VoidRequest;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.agent.testsupport.Orders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KitchenRulesTest {
    static final Instant T0 = Instant.parse("2026-11-23T07:00:00Z");
    final KitchenRules rules = new KitchenRules(Duration.ofMinutes(15), true);
    List<Ticket> tickets = new StationRouter(StationRouterTest.STATIONS, "wok")
            .route(Orders.parsed("A-1"), T0, new AtomicLong()::incrementAndGet);

    KitchenRules.Outcome act(String ticket, String line, TicketAction a, Instant at) {
        KitchenRules.Outcome o = rules.act(tickets, ticket, line, a, at);
        List<Ticket> next = new ArrayList<>(tickets);
        for (Ticket c : o.changed()) {
            next.replaceAll(t -> t.ticketId().equals(c.ticketId()) ? c : t);
        }
        tickets = next;
        return o;
    }

    Ticket ticket(String id) {
        return tickets.stream().filter(t -> t.ticketId().equals(id)).findFirst().orElseThrow();
    }

    static String refusal(Runnable r) {
        try {
            r.run();
        } catch (Problem.Failure f) {
            return f.problem().code();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void aTicketMovesThroughItsStatesAndExpoServesTheOrder() {
        KitchenRules.Outcome started = act("A-1/wok", null, START, T0.plusSeconds(10));
        assertThat(ticket("A-1/wok").status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(started.after()).isEqualTo(OrderStatus.IN_PROGRESS);
        assertThat(started.changed()).extracting(Ticket::ticketId).containsExactly("A-1/wok", "A-1/expo");
        assertThat(ticket("A-1/expo").status()).isEqualTo(TicketStatus.NEW); // bar has not started

        act("A-1/wok", null, BUMP, T0.plusSeconds(60));
        assertThat(ticket("A-1/wok").status()).isEqualTo(TicketStatus.READY);
        act("A-1/bar", null, BUMP, T0.plusSeconds(70));
        KitchenRules.Outcome ready = act("A-1/bar", null, BUMP, T0.plusSeconds(80));
        assertThat(ready.after()).isEqualTo(OrderStatus.READY);
        assertThat(ticket("A-1/expo").status()).isEqualTo(TicketStatus.READY);

        KitchenRules.Outcome served = act("A-1/expo", null, BUMP, T0.plusSeconds(90));
        assertThat(served.after()).isEqualTo(OrderStatus.SERVED);
        assertThat(tickets).allSatisfy(t -> assertThat(t.status()).isEqualTo(TicketStatus.SERVED));
        assertThat(ticket("A-1/wok").version()).isEqualTo(4);
    }

    @Test
    void actionsThatDoNotFitAreRefusedWithAReason() {
        assertThat(refusal(() -> act("A-1/wok", null, RECALL, T0))).isEqualTo("ACTION_NOT_ALLOWED");
        assertThat(refusal(() -> act("A-1/expo", null, BUMP, T0))).isEqualTo("NOT_READY");
        assertThat(refusal(() -> act("A-1/expo", null, START, T0))).isEqualTo("NOT_AT_EXPO");
        assertThat(refusal(() -> act("A-1/wok", null, VOID_ACK, T0))).isEqualTo("NOTHING_TO_ACKNOWLEDGE");
        assertThat(refusal(() -> act("A-1/nope", null, START, T0))).isEqualTo("UNKNOWN_TICKET");
        assertThat(refusal(() -> act("A-1/wok", "9", START, T0))).isEqualTo("UNKNOWN_LINE");
        act("A-1/wok", null, START, T0);
        assertThat(refusal(() -> act("A-1/wok", null, START, T0))).isEqualTo("ACTION_NOT_ALLOWED");
        act("A-1/wok", null, BUMP, T0);
        assertThat(refusal(() -> act("A-1/wok", null, BUMP, T0))).isEqualTo("SERVED_AT_EXPO");
        assertThat(ticket("A-1/wok").status()).isEqualTo(TicketStatus.READY);
    }

    @Test
    void recallGoesBackOneStepOnlyWithinTheWindow() {
        act("A-1/wok", null, START, T0);
        act("A-1/wok", null, BUMP, T0.plusSeconds(60));
        act("A-1/wok", null, RECALL, T0.plusSeconds(120));
        assertThat(ticket("A-1/wok").status()).isEqualTo(TicketStatus.IN_PROGRESS);
        act("A-1/wok", null, BUMP, T0.plusSeconds(180));
        assertThat(refusal(
                        () -> act("A-1/wok", null, RECALL, T0.plusSeconds(180).plus(Duration.ofMinutes(16)))))
                .isEqualTo("RECALL_WINDOW_PASSED");
    }

    @Test
    void withoutExpoAStationServesItsOwnTickets() {
        KitchenRules noExpo = new KitchenRules(Duration.ofMinutes(15), false);
        tickets = new StationRouter(StationRouterTest.STATIONS.subList(0, 2), "wok")
                .route(Orders.parsed("B-1"), T0, () -> 1);
        for (TicketAction a : List.of(START, BUMP, BUMP)) {
            tickets =
                    replace(tickets, noExpo.act(tickets, "B-1/bar", null, a, T0).changed());
        }
        assertThat(tickets.get(1).status()).isEqualTo(TicketStatus.SERVED);
        assertThat(OrderStatus.of(tickets)).isEqualTo(OrderStatus.IN_PROGRESS);
    }

    static List<Ticket> replace(List<Ticket> all, List<Ticket> changed) {
        List<Ticket> next = new ArrayList<>(all);
        for (Ticket c : changed) {
            next.replaceAll(t -> t.ticketId().equals(c.ticketId()) ? c : t);
        }
        return next;
    }

    @Test
    void lineLevelBumpMovesOneLineAndTheTicketFollowsTheSlowestLine() {
        act("A-1/wok", "1", START, T0);
        assertThat(ticket("A-1/wok").status()).isEqualTo(TicketStatus.NEW);
        assertThat(ticket("A-1/wok").items().get(0).status()).isEqualTo(TicketStatus.IN_PROGRESS);
        act("A-1/wok", "3", START, T0);
        assertThat(ticket("A-1/wok").status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(ticket("A-1/expo").items().get(0).status()).isEqualTo(TicketStatus.IN_PROGRESS);
    }

    @Test
    void voidsStrikeLinesEverywhereAndAreIdempotent() {
        KitchenRules.Outcome o =
                rules.voidLines(tickets, new VoidRequest("A-1", List.of("2"), "out of stock"), T0.plusSeconds(5));
        tickets = replace(tickets, o.changed());
        assertThat(ticket("A-1/bar").status()).isEqualTo(TicketStatus.VOIDED);
        assertThat(ticket("A-1/bar").voidedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(ticket("A-1/expo").items().get(1).status()).isEqualTo(TicketStatus.VOIDED);
        assertThat(ticket("A-1/wok").status()).isEqualTo(TicketStatus.NEW);
        assertThat(o.after()).isEqualTo(OrderStatus.ACCEPTED);

        assertThat(rules.voidLines(tickets, new VoidRequest("A-1", List.of("2"), "again"), T0)
                        .changed())
                .isEmpty();
        assertThat(refusal(() -> rules.voidLines(tickets, new VoidRequest("A-1", List.of("7"), "x"), T0)))
                .isEqualTo("UNKNOWN_LINE");

        act("A-1/bar", null, VOID_ACK, T0.plusSeconds(9));
        assertThat(ticket("A-1/bar").voidAckedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(refusal(() -> act("A-1/bar", null, VOID_ACK, T0.plusSeconds(10))))
                .isEqualTo("NOTHING_TO_ACKNOWLEDGE");
        assertThat(refusal(() -> act("A-1/bar", null, START, T0))).isEqualTo("TICKET_VOIDED");

        KitchenRules.Outcome whole =
                rules.voidLines(tickets, new VoidRequest("A-1", List.of(), "guest left"), T0.plusSeconds(20));
        tickets = replace(tickets, whole.changed());
        assertThat(whole.after()).isEqualTo(OrderStatus.VOIDED);
        assertThat(tickets).allSatisfy(t -> assertThat(t.status()).isEqualTo(TicketStatus.VOIDED));
    }

    List<Ticket> withCourses(String orderId) {
        return new StationRouter(StationRouterTest.STATIONS, "wok")
                .route(
                        OrderParser.parse(Orders.withCourses(orderId).getBytes(StandardCharsets.UTF_8)),
                        T0,
                        new AtomicLong()::incrementAndGet);
    }

    @Test
    void aLaterCourseIsHeldUntilThePreviousIsReadyThenFiresByItself() {
        tickets = withCourses("C-1");
        assertThat(refusal(() -> act("C-1/wok", "3", START, T0))).isEqualTo("COURSE_HELD");
        act("C-1/wok", null, START, T0);
        assertThat(ticket("C-1/wok").items().get(0).status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(ticket("C-1/wok").items().get(1).status())
                .isEqualTo(TicketStatus.NEW); // held: untouched by a ticket START
        act("C-1/wok", null, BUMP, T0.plusSeconds(60));
        assertThat(ticket("C-1/wok").firedCourse()).isEqualTo(1); // the drink (course 1) is not ready yet
        act("C-1/bar", null, BUMP, T0.plusSeconds(70));
        KitchenRules.Outcome ready = act("C-1/bar", null, BUMP, T0.plusSeconds(80));
        assertThat(ready.changed())
                .extracting(Ticket::ticketId)
                .containsExactlyInAnyOrder("C-1/wok", "C-1/bar", "C-1/expo");
        assertThat(tickets).allSatisfy(t -> assertThat(t.firedCourse()).isEqualTo(2));
        assertThat(ticket("C-1/wok").held(ticket("C-1/wok").items().get(1))).isFalse();

        // expo serves what is ready (course 1) and leaves the dessert cooking
        act("C-1/expo", null, BUMP, T0.plusSeconds(90));
        assertThat(ticket("C-1/expo").items())
                .extracting(TicketLine::status)
                .containsExactly(TicketStatus.SERVED, TicketStatus.SERVED, TicketStatus.NEW);
        assertThat(refusal(() -> act("C-1/expo", null, BUMP, T0.plusSeconds(95))))
                .isEqualTo("NOT_READY");
    }

    @Test
    void expoFiresTheNextCourseEarly() {
        tickets = withCourses("C-2");
        KitchenRules.Outcome fired = act("C-2/expo", null, FIRE, T0);
        assertThat(fired.changed()).hasSize(3);
        assertThat(tickets).allSatisfy(t -> assertThat(t.firedCourse()).isEqualTo(2));
        act("C-2/wok", "3", START, T0);
        assertThat(ticket("C-2/wok").items().get(1).status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(refusal(() -> act("C-2/expo", null, FIRE, T0))).isEqualTo("NOTHING_HELD");
    }

    @Test
    void voidingTheLastLinesOfACourseFiresTheNext() {
        tickets = withCourses("C-3");
        KitchenRules.Outcome o =
                rules.voidLines(tickets, new VoidRequest("C-3", List.of("1", "2"), "guest left the starters"), T0);
        tickets = replace(tickets, o.changed());
        assertThat(tickets).allSatisfy(t -> assertThat(t.firedCourse()).isEqualTo(2));
    }
}
