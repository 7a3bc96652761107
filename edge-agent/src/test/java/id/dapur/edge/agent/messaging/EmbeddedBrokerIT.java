package id.dapur.edge.agent.messaging;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RawClient;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What MQTT 3.1.1 promises screens and tills on the embedded broker, in the kitchen's own terms: a
 * screen that drops off the Wi-Fi with tickets in flight gets them again, a late subscriber can tell
 * the 86 board's snapshot from a change, and a screen set up to read what it may not is told so.
 */
@Timeout(60)
class EmbeddedBrokerIT {
    @TempDir
    Path dir;

    private TestConfig config;
    private RunningAgent agent;
    private Http admin;

    @BeforeEach
    void start() throws Exception {
        config = TestConfig.embedded(dir);
        agent = RunningAgent.start(config.load()).awaitReady();
        admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void aScreenThatDropsWithATicketUnacknowledgedGetsItAgainWhenItComesBack() throws Exception {
        // GIVEN a wok screen with a persistent session
        try (RawClient screen = RawClient.open("127.0.0.1", config.mqttPort())) {
            assertThat(screen.connect("kds-wok-screen", "kds-wok", PASSWORD, null, false))
                    .isZero();
            assertThat(screen.subscribe(1, ROOT + "/kds/wok/tickets", 1)).isEqualTo(1);
            // WHEN a ticket reaches it and its Wi-Fi drops before it acknowledges it
            assertThat(new Http(config.http(), TestConfig.POS_TOKEN)
                            .post("/api/v1/orders", Orders.json("DROP-1"))
                            .status())
                    .isEqualTo(201);
            RawClient.Packet first = screen.read();
            assertThat(first.type()).isEqualTo(3);
            assertThat(first.payload()).contains("DROP-1/wok");
            screen.abort();

            // THEN on its return the broker says it kept the session and sends the ticket again, DUP set, same packet
            // id
            try (RawClient back = RawClient.open("127.0.0.1", config.mqttPort())) {
                assertThat(back.connect("kds-wok-screen", "kds-wok", PASSWORD, null, false))
                        .isZero();
                assertThat(back.sessionPresent()).isTrue();
                RawClient.Packet again = back.read();
                assertThat(again.type()).isEqualTo(3);
                assertThat(again.dup()).isTrue();
                assertThat(again.packetId()).isEqualTo(first.packetId());
                assertThat(again.payload()).isEqualTo(first.payload());
                back.puback(again.packetId());
            }
        }
    }

    @Test
    void aLateSubscriberToThe86BoardGetsTheSnapshotFlaggedRetainedAndChangesUnflagged() throws Exception {
        assertThat(admin.post("/api/v1/menu/availability", "{\"sku\": \"NG-01\", \"available\": false}")
                        .status())
                .isEqualTo(200);
        MqttProbe pos = MqttProbe.connect(config.mqttUrl(), "pos-1", PASSWORD).subscribe(ROOT + "/menu/availability");
        try {
            pos.await(ROOT + "/menu/availability", m -> m.path("unavailable").size() == 1);
            assertThat(pos.on(ROOT + "/menu/availability").get(0).retained())
                    .as("the snapshot")
                    .isTrue();
            assertThat(admin.post("/api/v1/menu/availability", "{\"sku\": \"NG-01\", \"available\": true}")
                            .status())
                    .isEqualTo(200);
            pos.await(ROOT + "/menu/availability", m -> m.path("unavailable").isEmpty());
            assertThat(pos.on(ROOT + "/menu/availability"))
                    .last()
                    .extracting(MqttProbe.Received::retained)
                    .as("a change, routed to a subscription that was there")
                    .isEqualTo(false);
        } finally {
            pos.close();
        }
    }

    @Test
    void aScreenSubscribingWhereItsRoleMayNotReadIsRefusedInTheSuback() throws Exception {
        try (RawClient screen = RawClient.open("127.0.0.1", config.mqttPort())) {
            assertThat(screen.connect("kds-wok", "kds-wok", PASSWORD, null, true))
                    .isZero();
            assertThat(screen.subscribe(1, ROOT + "/sensors/#", 1))
                    .as("a kds may not read sensors")
                    .isEqualTo(0x80);
            assertThat(screen.subscribe(2, ROOT + "/kds/+/tickets", 1))
                    .as("and may read tickets")
                    .isEqualTo(1);
            assertThat(screen.closedByServerWithin(Duration.ofMillis(300)))
                    .as("a refusal is an answer, not a disconnect")
                    .isFalse();
        }
    }
}
