package id.dapur.edge.agent.bench;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;

import id.dapur.edge.agent.testsupport.Browser;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Kitchen screen benchmark (docs/PERFORMANCE.md): a wok screen in headless Chromium holding
 * {@code --open} tickets (default 200); then, one at a time, a new order is published over MQTT and
 * the oldest card is bumped off, so the screen stays that full. Reports publish → card visible on the
 * page (the page's own clock, the same machine's) and the page's update time (change arrived →
 * DOM updated, styled and laid out).
 */
public final class KdsBench {
    public static void main(String[] args) throws Exception {
        int open = intArg(args, "--open", 200);
        int rounds = intArg(args, "--rounds", 300);
        // --contentVisibility visible: the cards without content-visibility: auto, to see what it does
        String contentVisibility = strArg(args, "--contentVisibility", "auto");
        // --settle true: before the next order, wait until the page has removed the bumped card (an idle page)
        boolean settle = Boolean.parseBoolean(strArg(args, "--settle", "false"));
        Path dir = Files.createTempDirectory("dapur-kds-bench");
        TestConfig cfg = TestConfig.embedded(dir);
        try (RunningAgent agent = RunningAgent.start(cfg.load()).awaitReady();
                MqttProbe pos = MqttProbe.connect(cfg.mqttUrl(), "pos-1", TestConfig.PASSWORD);
                Browser browser = Browser.start(1920, 1080)) {
            Http wok = new Http(cfg.http(), TestConfig.WOK_TOKEN);
            browser.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
            Deque<String> onScreen = new ArrayDeque<>();
            for (int i = 0; i < open; i++) {
                String id = "PRE-" + i;
                pos.publish(ROOT + "/orders/in", Orders.json(id));
                onScreen.add(id);
            }
            browser.until(() -> browser.all("article.card").size() >= open, open + " cards");
            if (!contentVisibility.equals("auto")) {
                browser.js(
                        "const s = document.createElement('style'); s.textContent = '.card { content-visibility: ' + arguments[0] + ' !important }';"
                                + " document.head.appendChild(s)",
                        contentVisibility);
            }
            browser.js("window.__kds.renderMs.length = 0");
            Number skew = (Number) browser.js("return performance.timeOrigin + performance.now() - Date.now()");
            System.out.printf("page monotonic clock - wall clock: %.1f ms%n", skew.doubleValue());

            long[] visible = new long[rounds];
            long[] agentPart = new long[rounds];
            long[] wirePart = new long[rounds];
            long[] pagePart = new long[rounds];
            int action = 0;
            for (int r = 0; r < rounds; r++) {
                String id = "B-" + r;
                Instant sent = Instant.now();
                pos.publish(ROOT + "/orders/in", Orders.json(id));
                String ticket = id + "/wok";
                browser.until(
                        () -> browser.js("return window.__kds.shownAt[arguments[0]] || null", ticket) != null,
                        "shown " + ticket);
                double shownAtMs =
                        ((Number) browser.js("return window.__kds.shownAt[arguments[0]]", ticket)).doubleValue();
                double sentMs = sent.toEpochMilli() + sent.getNano() % 1_000_000 / 1e6;
                visible[r] = (long) ((shownAtMs - sentMs) * 1e6);
                double frameSent =
                        ((Number) browser.js("return window.__kds.sentAt[arguments[0]] || 0", ticket)).doubleValue();
                double frameArrived =
                        ((Number) browser.js("return window.__kds.arrivedAt[arguments[0]] || 0", ticket)).doubleValue();
                if (frameSent == 0 || frameArrived == 0) {
                    throw new IllegalStateException(
                            "ticket " + ticket + " was shown but its frame carried no sentAt: came in a sync?");
                }
                agentPart[r] = (long) ((frameSent - sentMs) * 1e6);
                wirePart[r] = (long) ((frameArrived - frameSent) * 1e6);
                pagePart[r] = (long) ((shownAtMs - frameArrived) * 1e6);
                onScreen.add(id);
                String oldest = onScreen.poll();
                for (String a : List.of("a", "b")) {
                    wok.post(
                            "/api/v1/tickets/" + oldest + "/wok/actions",
                            "{\"actionId\":\"" + oldest + a + action++ + "\",\"action\":\"BUMP\"}");
                }
                if (settle) {
                    String gone = oldest + "/wok";
                    browser.until(
                            () -> (Boolean) browser.js(
                                    "return !document.querySelector('article.card[data-ticket-id=\"' + arguments[0] + '\"]')",
                                    gone),
                            "bumped " + gone);
                    Thread.sleep(
                            100); // benchmark pacing, not test synchronisation: the page idle before the next order
                }
            }
            browser.until(() -> browser.all("article.card").size() == open, "back to " + open + " cards");
            @SuppressWarnings("unchecked")
            List<Number> renders = (List<Number>) browser.js("return window.__kds.renderMs");
            List<Long> nanos = new ArrayList<>();
            renders.forEach(n -> nanos.add((long) (n.doubleValue() * 1e6)));
            System.out.printf(
                    "cards on screen: %d, rounds: %d (each: 1 new order over MQTT, 1 card bumped off via the API)%n",
                    open, rounds);
            Number skewAfter = (Number) browser.js("return performance.timeOrigin + performance.now() - Date.now()");
            System.out.printf(
                    "page monotonic clock - wall clock after the run: %.1f ms (JVM wall clock - page wall clock: %d ms)%n",
                    skewAfter.doubleValue(),
                    System.currentTimeMillis() - ((Number) browser.js("return Date.now()")).longValue());
            System.out.println("cards: content-visibility " + contentVisibility);
            System.out.println("publish -> visible on the page: " + Stats.of(visible));
            System.out.println("  publish -> the agent hands the frame to the screen (broker, commit, fan-out): "
                    + Stats.of(agentPart));
            System.out.println(
                    "  frame handed -> arrived in the page's onmessage (WebSocket, Chromium):   " + Stats.of(wirePart));
            System.out.println("  arrived -> card in the DOM, laid out (wait for the animation frame, render): "
                    + Stats.of(pagePart));
            System.out.println("page update (change arrived -> DOM updated and laid out): "
                    + Stats.of(nanos.stream().mapToLong(Long::longValue).toArray()));
            Long heap = (Long) browser.js("return performance.memory ? performance.memory.usedJSHeapSize : -1");
            System.out.printf("page JS heap: %.1f MB%n", heap / 1e6);
            browser.screenshot(Path.of("target/screenshots/kds-wok-200.png"));
        }
    }

    private static String strArg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
