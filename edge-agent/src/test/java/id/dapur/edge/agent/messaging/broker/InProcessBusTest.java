package id.dapur.edge.agent.messaging.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.agent.messaging.AgentStatus;
import id.dapur.edge.agent.messaging.MqttAcl;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.broker.BrokerTest.Wire;
import id.dapur.edge.config.ConfigLoader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's session inside the embedded broker's process: what a LAN client publishes reaches the
 * agent as it is and holds its place in the session's window until the agent acknowledges it; what the
 * agent publishes is routed to the LAN clients and checked against the agent's ACL; a session the
 * broker closes attaches again and hands over what was in flight. The bus is made on the broker's
 * own context, as the agent makes it, except where a test says otherwise.
 */
class InProcessBusTest {
    private static final String ORDERS = "dapur/jkt-01/orders/in";
    private static final String STATUS = "dapur/jkt-01/agent/status";
    private static final int WINDOW = 10;

    @TempDir
    Path dir;

    private Vertx vertx;
    private Context brokerContext;
    private Broker broker;
    private MqttAcl acl;
    private final List<MqttBus.Message> received = new CopyOnWriteArrayList<>();
    private final List<Boolean> connection = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                outlet: { id: jkt-01, tenant: t }
                mqtt:
                  accounts:
                    - { username: pos-1, password: "pos-secret-1", role: pos }
                    - { username: ops, password: "ops-secret-1", role: admin }
                stations: [ { id: wok, categories: [wok] } ]
                """);
        acl = new MqttAcl(new ConfigLoader(Map.of()).load(f), EmbeddedBroker.AGENT_USER);
        vertx = Vertx.vertx();
        brokerContext = vertx.getOrCreateContext();
        broker = on(() -> new Broker(
                brokerContext,
                new Broker.Limits(WINDOW, 1_000, 1L << 20, Duration.ofHours(1)),
                acl::canRead,
                Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private <T> T on(Supplier<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        brokerContext.runOnContext(v -> {
            try {
                done.complete(work.get());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    /** Everything already handed to the agent's context has been handled once this returns. */
    private void settle() throws Exception {
        on(() -> null);
        on(() -> null);
    }

    private MqttBus bus(List<String> subscriptions) throws Exception {
        MqttBus bus = on(() -> new InProcessBus(
                vertx,
                brokerContext,
                broker,
                acl,
                new MqttBus.Options("dapur-jkt-01", subscriptions, 60, STATUS, bytes("OFFLINE"), bytes("ONLINE"))));
        bus.onMessage(received::add);
        bus.onConnectionChange(connection::add);
        bus.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return bus;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] status(String state) {
        return AgentStatus.payload(state, Instant.parse("2026-12-06T20:00:00Z"));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private BrokerClient lanClient(Wire wire, String id, String user) throws Exception {
        return on(() -> broker.connect(wire, id, user, true, null).client());
    }

    private void publishOrders(BrokerClient pos, int from, int to) throws Exception {
        on(() -> {
            for (int i = from; i < to; i++) {
                pos.publish(new MqttPackets.Publish(ORDERS, bytes("order-" + i), 1, false, false, i + 1));
            }
            return null;
        });
    }

    @Test
    void ordersFromALanClientReachTheAgentInOrderAndHoldTheirPlaceUntilAcknowledged() throws Exception {
        bus(List.of(ORDERS));
        Wire till = new Wire();
        BrokerClient pos = lanClient(till, "pos-1", "pos-1");

        publishOrders(pos, 0, 25);
        settle();

        assertThat(received).as("the session's window, no more").hasSize(WINDOW);
        assertThat(till.types())
                .as("the POS has its PUBACK for every order: the broker has them all")
                .filteredOn(t -> t == MqttFrames.PUBACK)
                .hasSize(25);

        // acknowledging (the agent's commit) lets the rest through, in the order published
        while (received.size() < 25) {
            int had = received.size();
            List.copyOf(received).forEach(m -> m.ack().run());
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() > had || received.size() == 25);
        }
        assertThat(received)
                .extracting(m -> text(m.payload()))
                .containsExactlyElementsOf(
                        IntStream.range(0, 25).mapToObj(i -> "order-" + i).toList());
        assertThat(received).allMatch(m -> m.topic().equals(ORDERS));

        // a second ack of a message frees no second place: with the last window unacknowledged but acked twice
        // over for the ones before, the window is still full
        received.subList(0, 20).forEach(m -> m.ack().run());
        publishOrders(pos, 25, 25 + WINDOW);
        settle();
        assertThat(received).as("the last 5 still hold their places").hasSize(25 + WINDOW - 5);
    }

    @Test
    void theAgentSaysOnlineRetainedAndItsPublicationsReachLanClients() throws Exception {
        MqttBus bus = bus(List.of(ORDERS));
        assertThat(bus.isConnected()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !connection.isEmpty());
        assertThat(connection).containsExactly(true);
        Wire screen = new Wire();
        BrokerClient s = lanClient(screen, "ops-1", "ops");
        on(() -> s.subscribe(new MqttPackets.Subscribe(
                1,
                List.of(
                        new MqttPackets.Filter(STATUS, 1),
                        new MqttPackets.Filter("dapur/jkt-01/orders/+/events", 1)))));
        assertThat(screen.publishes()).singleElement().satisfies(p -> {
            assertThat(text(p.payload())).isEqualTo("ONLINE");
            assertThat(p.retain())
                    .as("sent because of the subscription: RETAIN set")
                    .isTrue();
        });

        // from another context than the broker's, as a worker's callback would
        Future<Void> sent = bus.publish(STATUS, status("ONLINE"), 1, false);
        sent.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        settle();
        assertThat(screen.publishes())
                .extracting(MqttPackets.Publish::topic, MqttPackets.Publish::retain)
                .containsExactly(tuple(STATUS, true), tuple(STATUS, false));
    }

    @Test
    void aPublicationTheAgentsAclRefusesFailsAndReachesNobody() throws Exception {
        MqttBus bus = bus(List.of(ORDERS));
        BrokerTap.Verdict[] seen = {null};
        on(() -> {
            broker.tap(new BrokerTap() {
                @Override
                public Verdict published(String clientId, String user, Message message) {
                    seen[0] = Verdict.ROUTE;
                    return Verdict.ROUTE;
                }
            });
            return null;
        });

        // '#' (the agent's rule) does not reach '$SYS/...'; the count of dropped messages the agent may only read
        Future<Void> refused = bus.publish("$SYS/broker/clients/connected", bytes("1"), 0, false);
        Future<Void> notRetained = bus.publish(Broker.DROPPED_TOPIC, bytes("1"), 0, true);

        assertThat(refused.failed()).isTrue();
        assertThat(refused.cause()).hasMessageContaining("$SYS/broker/clients/connected");
        assertThat(notRetained.failed()).isTrue();
        assertThat(notRetained.cause()).hasMessageContaining("(retained)");
        settle();
        assertThat(seen[0]).as("nothing was routed").isNull();
    }

    @Test
    void aSessionTheBrokerClosesAttachesAgainAndHandsOverWhatWasInFlight() throws Exception {
        bus(List.of(ORDERS));
        BrokerClient pos = lanClient(new Wire(), "pos-1", "pos-1");
        publishOrders(pos, 0, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);

        assertThat(on(() -> broker.drop("dapur-jkt-01-agent", "a test's fault")))
                .isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 6);
        assertThat(received.subList(3, 6))
                .extracting(m -> text(m.payload()))
                .containsExactly("order-0", "order-1", "order-2");
        assertThat(connection).containsExactly(true, false, true);
        // an order published after the re-attach still arrives, and acknowledging settles everything
        publishOrders(pos, 3, 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 7);
        received.forEach(m -> m.ack().run());
        settle();
        assertThat(on(() -> broker.sessions()))
                .as("the agent's session and the POS's")
                .isEqualTo(2);
        publishOrders(pos, 4, 4 + WINDOW);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 7 + WINDOW);
    }

    @Test
    void stopSaysTheLastWordsRetainedAndPublishesNothingAfter() throws Exception {
        MqttBus bus = bus(List.of(ORDERS));

        bus.stop(STATUS, status("OFFLINE"))
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertThat(bus.isConnected()).isFalse();
        Wire late = new Wire();
        BrokerClient s = lanClient(late, "ops-1", "ops");
        on(() -> s.subscribe(new MqttPackets.Subscribe(1, List.of(new MqttPackets.Filter(STATUS, 1)))));
        assertThat(late.publishes()).singleElement().satisfies(p -> {
            assertThat(text(p.payload())).contains("OFFLINE");
            assertThat(p.retain()).isTrue();
        });
        Future<Void> after = bus.publish(STATUS, status("ONLINE"), 1, false);
        await().atMost(Duration.ofSeconds(5)).until(after::isComplete);
        assertThat(after.failed()).isTrue();
    }
}
