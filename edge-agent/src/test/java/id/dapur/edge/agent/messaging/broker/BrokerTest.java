package id.dapur.edge.agent.messaging.broker;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.messaging.broker.MqttPackets.Filter;
import id.dapur.edge.contract.testing.ManualClock;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The broker core on in-memory links, packet by packet: what MQTT 3.1.1 promises about sessions,
 * QoS flows, retained messages and subscriptions, and what the broker does at its limits.
 */
class BrokerTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));
    private Broker broker =
            new Broker(null, Broker.Limits.DEFAULT, (user, filter) -> !filter.startsWith("secret"), clock);

    /** A client's connection that records what the broker sends it. */
    static final class Wire implements Broker.Link {
        final List<MqttFrames.Packet> packets = new ArrayList<>();
        final MqttFrames frames = new MqttFrames(1 << 20);
        boolean writable = true;
        boolean holdsBack;
        String closed;

        @Override
        public boolean holdsBackPublishers() {
            return holdsBack;
        }

        @Override
        public void send(Buffer packet) {
            try {
                frames.feed(packet, packets::add);
            } catch (MqttFrames.ProtocolError e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public boolean writable() {
            return writable;
        }

        @Override
        public void close(String why) {
            closed = why;
        }

        List<MqttPackets.Publish> publishes() {
            List<MqttPackets.Publish> out = new ArrayList<>();
            for (MqttFrames.Packet p : packets) {
                if (p.type() == MqttFrames.PUBLISH) {
                    try {
                        out.add(MqttPackets.publish(p));
                    } catch (MqttFrames.ProtocolError e) {
                        throw new AssertionError(e);
                    }
                }
            }
            return out;
        }

        List<Integer> types() {
            return packets.stream().map(MqttFrames.Packet::type).toList();
        }

        void clear() {
            packets.clear();
        }
    }

    private static MqttPackets.Publish pub(String topic, String payload, int qos, boolean retain, int packetId) {
        return new MqttPackets.Publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false, retain, packetId);
    }

    private static MqttPackets.Subscribe sub(int packetId, String filter, int qos) {
        return new MqttPackets.Subscribe(packetId, List.of(new Filter(filter, qos)));
    }

    private static String text(MqttPackets.Publish p) {
        return new String(p.payload(), StandardCharsets.UTF_8);
    }

    private BrokerClient connect(Wire w, String id, boolean clean) {
        return broker.connect(w, id, "user", clean, null).client();
    }

    @Test
    void qos1And2MessagesUnacknowledgedWhenAPersistentSessionDropsAreSentAgainOnReconnectWithDupAndTheirIds() {
        // GIVEN a screen with a persistent session that receives a QoS 1 and a QoS 2 message and acknowledges neither
        Wire screen = new Wire();
        BrokerClient s = connect(screen, "kds-wok", false);
        s.subscribe(sub(1, "dapur/x/kds/+/tickets", 2));
        Wire pos = new Wire();
        BrokerClient p = connect(pos, "pos-1", true);
        p.publish(pub("dapur/x/kds/wok/tickets", "one", 1, false, 7));
        p.publish(pub("dapur/x/kds/wok/tickets", "two", 2, false, 8));
        List<MqttPackets.Publish> first = screen.publishes();
        assertThat(first).extracting(MqttPackets.Publish::qos).containsExactly(1, 2);

        // WHEN its connection drops and it comes back
        s.disconnected(false);
        Wire again = new Wire();
        Broker.Connected c = broker.connect(again, "kds-wok", "user", false, null);

        // THEN CONNACK says the session was there, and both come again, DUP set, same ids, in order
        assertThat(c.sessionPresent()).isTrue();
        assertThat(again.types().get(0)).isEqualTo(MqttFrames.CONNACK);
        assertThat(again.packets.get(0).bytes().getByte(2))
                .as("session present")
                .isEqualTo((byte) 1);
        List<MqttPackets.Publish> resent = again.publishes();
        assertThat(resent).extracting(BrokerTest::text).containsExactly("one", "two");
        assertThat(resent).allMatch(MqttPackets.Publish::dup);
        assertThat(resent)
                .extracting(MqttPackets.Publish::packetId)
                .containsExactly(first.get(0).packetId(), first.get(1).packetId());

        // AND once acknowledged they are not sent a third time
        c.client().puback(resent.get(0).packetId());
        c.client().pubrec(resent.get(1).packetId());
        assertThat(again.types()).endsWith(MqttFrames.PUBREL);
        c.client().disconnected(false);
        Wire third = new Wire();
        broker.connect(third, "kds-wok", "user", false, null);
        assertThat(third.publishes()).isEmpty();
        assertThat(third.types())
                .as("the QoS 2 flow goes on where it was: PUBREL again")
                .containsExactly(MqttFrames.CONNACK, MqttFrames.PUBREL);
    }

    @Test
    void aCleanSessionForgetsEverythingAndSaysSo() {
        Wire screen = new Wire();
        BrokerClient s = connect(screen, "kds-wok", false);
        s.subscribe(sub(1, "a/b", 1));
        s.disconnected(true);
        connect(new Wire(), "pos-1", true).publish(pub("a/b", "queued", 1, false, 1));

        Wire clean = new Wire();
        Broker.Connected c = broker.connect(clean, "kds-wok", "user", true, null);
        assertThat(c.sessionPresent()).isFalse();
        assertThat(clean.publishes()).isEmpty();
        connect(new Wire(), "pos-1", true).publish(pub("a/b", "after", 1, false, 2));
        assertThat(clean.publishes())
                .as("its subscription went with the session")
                .isEmpty();
    }

    @Test
    void retainedMessagesAtEveryQosReachANewWildcardSubscriptionWithRetainSetAndLiveOnesWithItClear() {
        Wire pos = new Wire();
        BrokerClient p = connect(pos, "ops", true);
        p.publish(pub("menu/a", "q0", 0, true, 0));
        p.publish(pub("menu/b", "q1", 1, true, 1));
        p.publish(pub("menu/c", "q2", 2, true, 2));
        p.pubrel(2);

        Wire screen = new Wire();
        BrokerClient s = connect(screen, "screen", true);
        s.subscribe(sub(1, "menu/+", 2));
        List<MqttPackets.Publish> got = screen.publishes();
        assertThat(got).extracting(BrokerTest::text).containsExactlyInAnyOrder("q0", "q1", "q2");
        assertThat(got).allMatch(MqttPackets.Publish::retain);
        assertThat(got).extracting(MqttPackets.Publish::qos).containsExactlyInAnyOrder(0, 1, 2);

        screen.clear();
        p.publish(pub("menu/a", "changed", 1, true, 3));
        assertThat(screen.publishes()).singleElement().satisfies(m -> {
            assertThat(text(m)).isEqualTo("changed");
            assertThat(m.retain())
                    .as("a retained message routed to an existing subscription")
                    .isFalse();
        });

        p.publish(pub("menu/a", "", 1, true, 4));
        Wire late = new Wire();
        connect(late, "late", true).subscribe(sub(1, "menu/#", 1));
        assertThat(late.publishes())
                .extracting(BrokerTest::text)
                .as("an empty retained message removes it")
                .containsExactlyInAnyOrder("q1", "q2");
    }

    @Test
    void aSubscriptionTheAclRefusesGets0x80AndTheRestOfTheSubscribeIsGranted() {
        Wire screen = new Wire();
        BrokerClient s = connect(screen, "screen", true);
        s.subscribe(new MqttPackets.Subscribe(
                9, List.of(new Filter("secret/#", 1), new Filter("open/+", 2), new Filter("bad/#/x", 0))));
        MqttFrames.Packet suback = screen.packets.get(screen.packets.size() - 1);
        assertThat(suback.type()).isEqualTo(MqttFrames.SUBACK);
        assertThat(suback.bytes().getBytes(suback.headerLength(), suback.bytes().length()))
                .containsExactly(0, 9, 0x80, 2, 0x80);
        connect(new Wire(), "ops", true).publish(pub("secret/x", "no", 0, false, 0));
        assertThat(screen.publishes()).isEmpty();
    }

    @Test
    void overlappingSubscriptionsDeliverOneCopyAtTheHighestQos() {
        Wire screen = new Wire();
        BrokerClient s = connect(screen, "screen", true);
        s.subscribe(new MqttPackets.Subscribe(1, List.of(new Filter("a/#", 2), new Filter("a/+", 1))));
        connect(new Wire(), "ops", true).publish(pub("a/b", "x", 2, false, 1));
        assertThat(screen.publishes())
                .singleElement()
                .extracting(MqttPackets.Publish::qos)
                .isEqualTo(2);
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesOverClosesTheFirstAndPublishesItsWill() {
        Wire watcher = new Wire();
        connect(watcher, "watcher", true).subscribe(sub(1, "wills/#", 1));
        Wire first = new Wire();
        broker.connect(
                first,
                "pos-1",
                "user",
                false,
                Message.of("wills/pos-1", "gone".getBytes(StandardCharsets.UTF_8), 1, false));
        Wire second = new Wire();
        broker.connect(second, "pos-1", "user", false, null);
        assertThat(first.closed).contains("taken over");
        assertThat(watcher.publishes()).extracting(BrokerTest::text).containsExactly("gone");
    }

    @Test
    void aWillIsPublishedWhenTheConnectionDropsAndNotAfterDisconnect() {
        Wire watcher = new Wire();
        connect(watcher, "watcher", true).subscribe(sub(1, "wills/#", 1));
        BrokerClient graceful = broker.connect(
                        new Wire(),
                        "a",
                        "user",
                        true,
                        Message.of("wills/a", "a".getBytes(StandardCharsets.UTF_8), 0, false))
                .client();
        BrokerClient dropped = broker.connect(
                        new Wire(),
                        "b",
                        "user",
                        true,
                        Message.of("wills/b", "b".getBytes(StandardCharsets.UTF_8), 0, false))
                .client();
        graceful.disconnected(true);
        dropped.disconnected(false);
        assertThat(watcher.publishes()).extracting(BrokerTest::text).containsExactly("b");
    }

    @Test
    void aHandleThatIsNoLongerTheSessionsSaysItRoutedNothing() {
        Wire watcher = new Wire();
        connect(watcher, "watcher", true).subscribe(sub(1, "agent/status", 1));
        BrokerClient first = connect(new Wire(), "dapur-agent", false);
        assertThat(first.publishInProcess(
                        Message.of("agent/status", "ONLINE".getBytes(StandardCharsets.UTF_8), 1, true)))
                .isTrue();
        connect(new Wire(), "dapur-agent", false); // taken over
        assertThat(first.publishInProcess(
                        Message.of("agent/status", "OFFLINE".getBytes(StandardCharsets.UTF_8), 1, true)))
                .as("the old handle routes nothing and says so")
                .isFalse();
        assertThat(watcher.publishes()).extracting(BrokerTest::text).containsExactly("ONLINE");
    }

    @Test
    void aQos2PublishSentAgainBeforeItsReleaseIsRoutedOnce() {
        Wire screen = new Wire();
        connect(screen, "screen", true).subscribe(sub(1, "t", 2));
        Wire pos = new Wire();
        BrokerClient p = connect(pos, "pos", false);
        p.publish(pub("t", "once", 2, false, 5));
        p.disconnected(false);
        BrokerClient back = connect(new Wire(), "pos", false);
        back.publish(new MqttPackets.Publish("t", "once".getBytes(StandardCharsets.UTF_8), 2, true, false, 5));
        back.pubrel(5);
        back.publish(pub("t", "next", 2, false, 5));
        assertThat(screen.publishes()).extracting(BrokerTest::text).containsExactly("once", "next");
    }

    @Test
    void atMostTheInflightWindowIsUnacknowledgedAndTheRestFollowsInOrderAsAcksCome() {
        broker = new Broker(null, new Broker.Limits(2, 100, 1 << 20, Duration.ofHours(1)), (u, f) -> true, clock);
        Wire screen = new Wire();
        BrokerClient s = connect(screen, "screen", true);
        s.subscribe(sub(1, "t", 1));
        BrokerClient p = connect(new Wire(), "pos", true);
        for (int i = 1; i <= 5; i++) {
            p.publish(pub("t", "m" + i, 1, false, i));
        }
        assertThat(screen.publishes()).extracting(BrokerTest::text).containsExactly("m1", "m2");
        s.puback(screen.publishes().get(0).packetId());
        s.puback(screen.publishes().get(1).packetId());
        assertThat(screen.publishes()).extracting(BrokerTest::text).containsExactly("m1", "m2", "m3", "m4");
    }

    @Test
    void aConnectionThatCannotTakeMoreGetsItsMessagesQueuedAndSentInOrderWhenItCan() {
        Wire screen = new Wire();
        BrokerClient s = connect(screen, "screen", true);
        s.subscribe(sub(1, "t", 1));
        screen.writable = false;
        BrokerClient p = connect(new Wire(), "pos", true);
        p.publish(pub("t", "a", 0, false, 0));
        p.publish(pub("t", "b", 1, false, 1));
        assertThat(screen.publishes()).isEmpty();
        screen.writable = true;
        s.writable();
        assertThat(screen.publishes()).extracting(BrokerTest::text).containsExactly("a", "b");
    }

    @Test
    void aFullQueueDropsCountsAndReportsOnTheDroppedTopic() {
        broker = new Broker(null, new Broker.Limits(1, 3, 1 << 20, Duration.ofHours(1)), (u, f) -> true, clock);
        Wire away = new Wire();
        BrokerClient a = connect(away, "away", false);
        a.subscribe(sub(1, "t", 1));
        a.disconnected(true);
        Wire sys = new Wire();
        connect(sys, "agent", true).subscribe(sub(1, Broker.DROPPED_TOPIC, 0));
        BrokerClient p = connect(new Wire(), "pos", true);
        for (int i = 0; i < 5; i++) {
            p.publish(pub("t", "m" + i, 1, false, i + 1));
        }
        assertThat(broker.dropped()).isEqualTo(2);
        broker.housekeeping();
        assertThat(sys.publishes()).extracting(BrokerTest::text).containsExactly("2");
        Wire back = new Wire();
        connect(back, "away", false);
        assertThat(back.publishes()).extracting(BrokerTest::text).containsExactly("m0");
    }

    @Test
    void theAgentsOwnQueueAtAnEighthOfItsLimitHoldsPublishersBackUntilItIsBelowHalfThatAndNoOneElsesDoes() {
        broker = new Broker(null, new Broker.Limits(2, 80, 1 << 20, Duration.ofHours(1)), (u, f) -> true, clock);
        Wire agentWire = new Wire();
        agentWire.holdsBack = true;
        BrokerClient agent = connect(agentWire, "agent", false);
        agent.subscribe(sub(1, "orders/in", 1));
        Wire screenWire = new Wire();
        connect(screenWire, "screen", true).subscribe(sub(1, "kds", 1));
        BrokerClient pos = connect(new Wire(), "pos", true);

        for (int i = 1; i <= 40; i++) { // the screen never acknowledges: 2 in flight, 38 queued, past its mark of 10
            pos.publish(pub("kds", "t" + i, 1, false, i));
        }
        assertThat(broker.backlog().behind())
                .as("a slow screen holds no one back")
                .isFalse();

        for (int i = 1; i <= 11; i++) { // the agent: 2 in flight, then 9 queued
            pos.publish(pub("orders/in", "o" + i, 1, false, 100 + i));
        }
        assertThat(broker.backlog().behind()).isFalse();
        pos.publish(pub("orders/in", "o12", 1, false, 112)); // 10 queued: an eighth of 80
        assertThat(broker.backlog().behind()).isTrue();
        assertThat(broker.backlog().caughtUp()).isFalse();

        for (int i = 0; i < 4; i++) { // each acknowledgement lets one more in flight: 6 queued
            agent.puback(agentWire.publishes().get(i).packetId());
        }
        assertThat(broker.backlog().caughtUp())
                .as("6 queued: not below half the mark yet")
                .isFalse();
        agent.puback(agentWire.publishes().get(4).packetId());
        assertThat(broker.backlog().caughtUp()).as("5 queued").isTrue();
        assertThat(broker.backlog().behind()).isFalse();
        assertThat(broker.dropped()).isZero();
        assertThat(agentWire.publishes())
                .extracting(BrokerTest::text)
                .startsWith("o1", "o2", "o3", "o4", "o5", "o6", "o7");
    }

    @Test
    void aPersistentSessionAwayLongerThanTheExpiryIsForgotten() {
        Wire w = new Wire();
        BrokerClient s = connect(w, "screen", false);
        s.subscribe(sub(1, "t", 1));
        s.disconnected(true);
        clock.advance(Broker.Limits.DEFAULT.sessionExpiry().minusMinutes(1));
        broker.housekeeping();
        assertThat(broker.sessions()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        broker.housekeeping();
        assertThat(broker.sessions()).isZero();
        assertThat(broker.connect(new Wire(), "screen", "user", false, null).sessionPresent())
                .isFalse();
    }

    @Test
    void qos0MessagesAreNotKeptForAClientThatIsAway() {
        Wire w = new Wire();
        BrokerClient s = connect(w, "screen", false);
        s.subscribe(sub(1, "t", 2));
        s.disconnected(true);
        BrokerClient p = connect(new Wire(), "pos", true);
        p.publish(pub("t", "zero", 0, false, 0));
        p.publish(pub("t", "one", 1, false, 1));
        Wire back = new Wire();
        connect(back, "screen", false);
        assertThat(back.publishes()).extracting(BrokerTest::text).containsExactly("one");
    }
}
