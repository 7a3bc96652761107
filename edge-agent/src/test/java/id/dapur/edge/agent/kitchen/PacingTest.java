package id.dapur.edge.agent.kitchen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.agent.orders.OrderParser;
import id.dapur.edge.config.MenuConfig;
import id.dapur.edge.config.ScreenKeys;
import id.dapur.edge.config.StationConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Fire by prep time on a fixed clock: who waits, until when, and a cook who fires early. */
class PacingTest {
    static final Instant T0 = Instant.parse("2026-12-02T11:00:00Z");
    static final MenuConfig MENU = new MenuConfig(
            List.of(
                    new MenuConfig.Item("RD-01", "Rendang", Duration.ofMinutes(12), null),
                    new MenuConfig.Item("NG-01", "Nasi Goreng", Duration.ofMinutes(6), null),
                    new MenuConfig.Item("ET-01", "Es Teh", Duration.ofMinutes(1), null)),
            List.of());
    static final List<StationConfig> STATIONS = List.of(
            new StationConfig("wok", "Wok", List.of("wok"), false, null, null, ScreenKeys.defaultKeys(), true),
            new StationConfig("grill", "Grill", List.of("grill"), false, null, null, ScreenKeys.defaultKeys(), false),
            new StationConfig("bar", "Drinks", List.of("drinks"), false, null, null, ScreenKeys.defaultKeys(), true),
            new StationConfig("expo", "Expo", List.of(), true));
    final PrepTimes prep = new PrepTimes(MENU, Duration.ofMinutes(5), false);
    final Pacing pacing = Pacing.of(STATIONS, prep);
    final StationRouter router = new StationRouter(STATIONS, "wok", pacing);
    final KitchenRules rules = new KitchenRules(Duration.ofMinutes(15), true, pacing);

    List<Ticket> route(String items) {
        String json =
                "{\"orderId\": \"P-1\", \"source\": \"pos-1\", \"channel\": \"DINE_IN\", \"placedAt\": \"2026-12-02T11:00:00Z\", \"items\": ["
                        + items + "]}";
        return router.route(
                OrderParser.parse(json.getBytes(StandardCharsets.UTF_8)), T0, new AtomicLong()::incrementAndGet);
    }

    static TicketLine line(List<Ticket> tickets, String station, String lineId) {
        return tickets.stream()
                .filter(t -> t.station().equals(station))
                .flatMap(t -> t.items().stream())
                .filter(l -> l.lineId().equals(lineId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void fasterLinesAtPacingStationsWaitSoTheCourseFinishesWithItsSlowestLine() {
        List<Ticket> t = route("""
                {"lineId": "1", "sku": "RD-01", "name": "Rendang", "qty": 1, "category": "grill"},
                {"lineId": "2", "sku": "NG-01", "name": "Nasi Goreng", "qty": 1, "category": "wok"},
                {"lineId": "3", "sku": "ET-01", "name": "Es Teh", "qty": 2, "category": "drinks"},
                {"lineId": "4", "name": "Kerupuk", "qty": 1, "category": "wok"}""");
        assertThat(line(t, "grill", "1").fireAt())
                .as("the slowest starts now (and grill does not pace)")
                .isNull();
        assertThat(line(t, "wok", "2").fireAt()).isEqualTo(T0.plus(Duration.ofMinutes(6)));
        assertThat(line(t, "bar", "3").fireAt()).isEqualTo(T0.plus(Duration.ofMinutes(11)));
        assertThat(line(t, "wok", "4").fireAt())
                .as("no sku: the default 5 min")
                .isEqualTo(T0.plus(Duration.ofMinutes(7)));
        assertThat(line(t, "expo", "3").fireAt())
                .as("expo mirrors, it does not pace")
                .isNull();
    }

    @Test
    void aLaterCourseIsPacedFromWhenItIsFired() {
        List<Ticket> t = route("""
                {"lineId": "1", "sku": "NG-01", "name": "Nasi Goreng", "qty": 1, "category": "wok", "course": 1},
                {"lineId": "2", "sku": "RD-01", "name": "Rendang", "qty": 1, "category": "grill", "course": 2},
                {"lineId": "3", "sku": "ET-01", "name": "Es Teh", "qty": 1, "category": "drinks", "course": 2}""");
        assertThat(line(t, "wok", "1").fireAt()).as("alone in its course").isNull();
        assertThat(line(t, "bar", "3").fireAt())
                .as("held with its course, not yet paced")
                .isNull();
        Instant fired = T0.plus(Duration.ofMinutes(20));
        KitchenRules.Outcome o = rules.act(t, "P-1/wok", null, TicketAction.FIRE, fired);
        assertThat(line(o.changed(), "bar", "3").fireAt()).isEqualTo(fired.plus(Duration.ofMinutes(11)));
    }

    @Test
    void aCookCanFireALineEarlyAndOnlyAWaitingOne() {
        List<Ticket> t = route("""
                {"lineId": "1", "sku": "NG-01", "name": "Nasi Goreng", "qty": 1, "category": "wok"},
                {"lineId": "2", "sku": "ET-01", "name": "Es Teh", "qty": 1, "category": "drinks"}""");
        Instant early = T0.plus(Duration.ofMinutes(2));
        KitchenRules.Outcome o = rules.act(t, "P-1/bar", "2", TicketAction.FIRE, early);
        assertThat(o.changed()).hasSize(1);
        assertThat(line(o.changed(), "bar", "2").fireAt()).isNull();
        assertThat(o.changed().get(0).version()).isEqualTo(2);
        assertThatThrownBy(() -> rules.act(t, "P-1/wok", "1", TicketAction.FIRE, early))
                .hasMessageContaining("NOTHING_HELD");
        // once its time has passed a line is no longer waiting
        assertThatThrownBy(() -> rules.act(t, "P-1/bar", "2", TicketAction.FIRE, T0.plus(Duration.ofMinutes(6))))
                .hasMessageContaining("NOTHING_HELD");
    }

    @Test
    void learnedPrepTimesTakeOverAfterFiveSamples() {
        PrepTimes learning = new PrepTimes(MENU, Duration.ofMinutes(5), true);
        for (int i = 0; i < 4; i++) {
            learning.observed("NG-01", Duration.ofMinutes(3));
        }
        assertThat(learning.of("NG-01")).as("four samples: the menu's").isEqualTo(Duration.ofMinutes(6));
        learning.observed("NG-01", Duration.ofMinutes(4));
        assertThat(learning.of("NG-01")).as("the median of 3,3,3,3,4").isEqualTo(Duration.ofMinutes(3));
        learning.observed("NG-01", Duration.ofSeconds(2));
        assertThat(learning.of("NG-01")).as("an absurd sample is ignored").isEqualTo(Duration.ofMinutes(3));
    }
}
