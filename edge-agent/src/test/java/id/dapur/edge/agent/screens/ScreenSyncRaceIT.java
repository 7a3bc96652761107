package id.dapur.edge.agent.screens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 1 of the write-path review, forced deterministically: a ticket committed after a screen's
 * snapshot was read, whose live change reaches the screen's feed before the snapshot is sent. The
 * screen here keeps tickets exactly as the page does (kds-core.js: reset on a resetting sync, a change
 * applied only if newer than the one it holds). On the code before the fix the snapshot's reset wiped
 * the live ticket and nothing brought it back.
 *
 * <p>The interleaving is forced by wrapping the agent's order store (by reflection: there is no
 * production seam for slowing a read down, and there should not be one): its snapshot read completes,
 * then the test commits a new order and waits until its change has gone through the screens' feed,
 * and only then hands the snapshot to the socket.
 */
@Timeout(60)
class ScreenSyncRaceIT {
    @TempDir
    Path dir;

    @Test
    void aTicketCommittedAfterTheSnapshotWasReadIsNotWipedByIt() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        try (RunningAgent running = RunningAgent.start(config.load()).awaitReady()) {
            Http pos = new Http(config.http(), TestConfig.POS_TOKEN);
            assertThat(pos.post("/api/v1/orders", Orders.json("RACE-A")).status())
                    .isEqualTo(201);

            Object screens = field(field(running.agent(), "screens"), "pages");
            Object feed = field(screens, "feed");
            Context feedContext = (Context) field(feed, "context");
            Vertx vertx = feedContext.owner();
            Object store = field(screens, "store");
            Object slowed = Proxy.newProxyInstance(
                    store.getClass().getClassLoader(), store.getClass().getInterfaces(), (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (!method.getName().equals("screenSnapshot")) {
                            return result;
                        }
                        return ((Future<?>) result)
                                .compose(read -> vertx.executeBlocking(() -> {
                                            // committed once the POS has its 201; the feed's dispatch was queued before
                                            // that
                                            assertThat(pos.post("/api/v1/orders", Orders.json("RACE-B"))
                                                            .status())
                                                    .isEqualTo(201);
                                            return null;
                                        })
                                        .compose(x -> {
                                            Promise<Void> passed = Promise.promise();
                                            feedContext.runOnContext(
                                                    v -> passed.complete()); // after the feed dispatched RACE-B
                                            return passed.future();
                                        })
                                        .map(x -> read));
                    });
            setField(screens, "store", slowed);

            PageModel page = PageModel.open(config.http(), "wok", TestConfig.WOK_TOKEN);
            try {
                Awaitility.await("the first sync")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> page.synced);
                Awaitility.await("RACE-B's wok ticket on the screen")
                        .atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(page.tickets()).containsKeys("RACE-A/wok", "RACE-B/wok"));
            } finally {
                page.close();
            }
        }
    }

    /** A screen that keeps its tickets as kds-core.js does. */
    static final class PageModel implements WebSocket.Listener {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final Map<String, Long> tickets = new HashMap<>();
        volatile boolean synced;
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static PageModel open(String http, String station, String token) throws Exception {
            PageModel m = new PageModel();
            URI uri = URI.create(http.replaceFirst("^http", "ws") + "/kds/" + station + "/ws");
            m.ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(uri, m)
                    .get();
            m.ws.sendText(Json.write(Map.of("type", "hello", "token", token, "since", 0)), true)
                    .get();
            return m;
        }

        synchronized Map<String, Long> tickets() {
            return new HashMap<>(tickets);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode m = Json.tree(partial.toString());
                partial.setLength(0);
                messages.add(m);
                apply(m);
            }
            webSocket.request(1);
            return null;
        }

        private synchronized void apply(JsonNode m) {
            switch (m.path("type").asText()) {
                case "sync" -> {
                    if (m.path("reset").asBoolean()) {
                        tickets.clear();
                    }
                    m.path("tickets").forEach(t -> change(t.path("seq").asLong(), t.path("ticket")));
                    if (m.path("complete").asBoolean()) {
                        synced = true;
                    }
                }
                case "ticket" -> change(m.path("seq").asLong(), m.path("ticket"));
                default -> {}
            }
        }

        private void change(long seq, JsonNode ticket) {
            String id = ticket.path("ticketId").asText();
            Long known = tickets.get(id);
            if (known == null || known < seq) {
                tickets.put(id, seq);
            }
        }

        void close() {
            ws.abort();
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }

    private static void setField(Object owner, String name, Object value) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        f.set(owner, value);
    }
}
