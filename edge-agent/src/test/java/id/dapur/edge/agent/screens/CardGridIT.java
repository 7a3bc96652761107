package id.dapur.edge.agent.screens;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.Browser;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;

/**
 * The kitchen screen's grid of fixed rows, in a real headless Chromium: each card spans the rows its
 * content needs, worked out from the ticket (kds-core.js) and never measured by the page. Checked here
 * against the browser's own layout of the same card: nothing a cook must read is cut off, little room
 * is wasted, a card too long for the screen scrolls its lines, and taking a card off the screen
 * changes no other card's size.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CardGridIT {
    /** One row of the grid (1.4rem) and its gap (.6rem), in px. */
    static final double UNIT = 32;

    static Path dir;
    static TestConfig cfg;
    static RunningAgent agent;
    static MqttProbe pos;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dapur-grid");
        cfg = TestConfig.embedded(dir);
        agent = RunningAgent.start(cfg.load("")).awaitReady();
        pos = MqttProbe.connect(cfg.mqttUrl(), "pos-1", TestConfig.PASSWORD);
        order("G-SHORT", List.of(line(1, "Nasi Goreng", "")));
        order(
                "G-SIX",
                IntStream.rangeClosed(1, 6)
                        .mapToObj(i -> line(i, "Mie Goreng " + i, ""))
                        .toList());
        order(
                "G-DRESSED",
                IntStream.rangeClosed(1, 3)
                        .mapToObj(
                                i -> line(
                                        i,
                                        "Nasi Goreng Kampung Spesial Telur Mata Sapi " + i,
                                        ",\"modifiers\":[\"extra pedas\",\"tanpa bawang goreng\",\"telur dadar\"],"
                                                + "\"note\":\"alergi kacang, tolong dipisah dari yang lain\",\"allergens\":[\"peanut\",\"egg\",\"shellfish\"]"))
                        .toList());
        order("G-COURSES", List.of(line(1, "Sate Ayam", ""), line(2, "Sop Buntut", ",\"course\":2")));
        order(
                "G-LONG",
                IntStream.rangeClosed(1, 60)
                        .mapToObj(i -> line(i, "Bakso " + i, ""))
                        .toList());
    }

    @AfterAll
    static void stop() throws Exception {
        if (pos != null) {
            pos.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    static String line(int n, String name, String extra) {
        return "{\"lineId\":\"%d\",\"name\":\"%s\",\"qty\":%d,\"category\":\"wok\"%s}"
                .formatted(n, name, n % 3 + 1, extra);
    }

    static void order(String id, List<String> lines) throws Exception {
        pos.publish(ROOT + "/orders/in", """
                {"orderId":"%s","source":"pos-1","channel":"GRABFOOD","table":"12","placedAt":"2026-11-23T07:00:00Z",
                 "items":[%s]}""".formatted(id, String.join(",", lines)));
    }

    /** Every card's grid height and its natural height (a copy laid out freely at the same width), in px. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> measure(Browser b) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) b.js("""
                const out = [];
                for (const card of document.querySelectorAll('#cards .card')) {
                  const r = card.getBoundingClientRect();
                  const copy = card.cloneNode(true);
                  copy.style.cssText = `position:absolute;left:0;top:0;width:${r.width}px;height:auto;contain:none;content-visibility:visible`;
                  document.body.appendChild(copy);
                  const natural = copy.getBoundingClientRect().height;
                  copy.remove();
                  const lines = card.querySelector('.lines');
                  out.push({ id: card.dataset.ticketId, height: r.height, width: r.width, natural,
                             hidden: lines.scrollHeight - lines.clientHeight });
                }
                return out;""");
        Map<String, Map<String, Object>> byId = new HashMap<>();
        rows.forEach(r -> byId.put((String) r.get("id"), r));
        return byId;
    }

    static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    void checkFits(Browser b, String screen) {
        Map<String, Map<String, Object>> cards = measure(b);
        assertThat(cards)
                .as(screen)
                .containsKeys("G-SHORT/wok", "G-SIX/wok", "G-DRESSED/wok", "G-COURSES/wok", "G-LONG/wok");
        List<String> report = new ArrayList<>();
        cards.forEach((id, m) -> report.add(id + ": " + m));
        System.out.println(screen + ": " + report);
        for (String id : List.of("G-SHORT/wok", "G-SIX/wok", "G-DRESSED/wok", "G-COURSES/wok")) {
            Map<String, Object> m = cards.get(id);
            assertThat(num(m, "natural"))
                    .as(screen + ": " + id + " fits its rows, nothing cut off " + report)
                    .isLessThanOrEqualTo(num(m, "height") + 0.5);
            assertThat(num(m, "hidden"))
                    .as(screen + ": " + id + " needs no scrolling " + report)
                    .isLessThanOrEqualTo(0.5);
            assertThat(num(m, "height") - num(m, "natural"))
                    .as(screen + ": " + id + " wastes under three rows " + report)
                    .isLessThan(3 * UNIT);
        }
        Map<String, Object> longest = cards.get("G-LONG/wok");
        assertThat(num(longest, "height"))
                .as(screen + ": the longest card is the grid's tallest " + report)
                .isEqualTo(27 * UNIT - 9.6, org.assertj.core.data.Offset.offset(1.0));
        assertThat(num(longest, "hidden"))
                .as(screen + ": the longest card's lines scroll " + report)
                .isGreaterThan(UNIT);
    }

    @Test
    void eachCardSpansTheRowsItsContentNeedsOnAWideAndANarrowScreen() throws Exception {
        for (int[] size : new int[][] {{1920, 1080}, {700, 1000}}) {
            try (Browser b = Browser.start(size[0], size[1])) {
                b.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
                b.until(() -> b.all("#cards .card").size() >= 5, "five cards on the screen");
                checkFits(b, size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void theLastLineOfACardTooLongForTheScreenIsReachedByScrolling() throws Exception {
        try (Browser b = Browser.start(1400, 900)) {
            b.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
            b.until(() -> b.card("G-LONG/wok") != null, "the long card");
            Object seen = b.js("""
                    const card = document.querySelector(`article.card[data-ticket-id='G-LONG/wok']`);
                    card.scrollIntoView();
                    const lines = card.querySelector('.lines');
                    lines.scrollTop = lines.scrollHeight;
                    const last = lines.lastElementChild.getBoundingClientRect();
                    const box = lines.getBoundingClientRect();
                    return last.bottom <= box.bottom + 1 && last.top >= box.top - 1 ? lines.lastElementChild.textContent : null;""");
            assertThat((String) seen).as("the 60th line, scrolled to").contains("Bakso 60");
        }
    }

    /**
     * Last: it takes the first card off, so every other card moves up a place in the grid; four
     * columns wide, the long card moves into the first row (where rows took their tallest card's
     * height, the cards beside it grew to its height).
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void takingTheFirstCardOffTheScreenChangesNoOtherCardsSize() throws Exception {
        try (Browser b = Browser.start(1400, 900)) {
            b.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
            b.until(() -> b.all("#cards .card").size() >= 5, "five cards on the screen");
            assertThat(b.keyOf("G-SHORT/wok")).as("the first card").isEqualTo("1");
            assertThat(((Number) b.js("return getComputedStyle(document.getElementById('cards'))"
                                    + ".gridTemplateColumns.split(' ').length"))
                            .intValue())
                    .as("four columns")
                    .isEqualTo(4);
            Map<String, Double> before = heights(b);
            for (String status : List.of("IN_PROGRESS", "READY")) {
                b.press(b.keyOf("G-SHORT/wok"));
                b.press(Keys.ENTER);
                if (status.equals("IN_PROGRESS")) {
                    b.until(() -> status.equals(b.statusOf("G-SHORT/wok")), "the first card cooking");
                }
            }
            b.until(() -> b.card("G-SHORT/wok") == null, "the first card bumped off");
            Map<String, Double> after = heights(b);
            before.remove("G-SHORT/wok");
            assertThat(after).as("every other card keeps its size").isEqualTo(before);
        }
    }

    static Map<String, Double> heights(Browser b) {
        return measure(b).entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> num(e.getValue(), "height"), (x, y) -> x, HashMap::new));
    }
}
