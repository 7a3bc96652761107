package id.dapur.edge.agent.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.sim.RasterText;
import id.dapur.edge.devices.sim.SimulatedCloudPrntPrinter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudPRNT's MQTT mode on the embedded broker: the printer is an MQTT account of its own (client id
 * its MAC), is told of each job at once (request-post) though its HTTP poll is a minute apart, may
 * read and write only its own Star topics, and its Will makes it OFFLINE at once; back, it is READY.
 */
class CloudPrntMqttIT {
    static final String MAC = "00:11:62:0a:0b:0c";
    static final String PASSWORD = "Kq7vZ2pX9mLw4Rt8";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** The printer's MQTT side, as a Star printer in CloudPRNT MQTT mode connects: client id its MAC, a Will. */
    private MqttClient printerConnection(TestConfig cfg, SimulatedCloudPrntPrinter sim, List<String> told)
            throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + cfg.mqttPort(), MAC, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("bar");
        o.setPassword(PASSWORD.toCharArray());
        o.setCleanSession(true);
        o.setWill(
                "star/cloudprnt/to-server/" + MAC + "/client-will",
                ("{\"title\":\"client-will\",\"printerMAC\":\"" + MAC + "\",\"unintentionalDisconnection\":true}")
                        .getBytes(StandardCharsets.UTF_8),
                1,
                false);
        c.connect(o);
        c.subscribe("star/cloudprnt/to-device/" + MAC + "/#", 1, (topic, m) -> {
            told.add(topic);
            if (topic.endsWith("/request-post")) {
                sim.pollNow();
            }
        });
        c.publish(
                "star/cloudprnt/to-server/" + MAC + "/client-status",
                ("{\"title\":\"client-status\",\"printerMAC\":\"" + MAC + "\",\"statusCode\":\"200%20OK\","
                                + "\"printingInProgress\":false,\"status\":\"" + sim.statusHex() + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                1,
                false);
        return c;
    }

    @Test
    void aPrinterOnTheAgentsBrokerIsToldOfEachJobAtOnceAndItsWillMakesItOffline() throws Exception {
        TestConfig cfg = TestConfig.embedded(dir);
        RunningAgent a = RunningAgent.start(cfg.load("""
                printers:
                  - { id: bar, connection: "cloudprnt://%s", model: star-tsp100, password: "%s", mqtt: true, stations: [wok] }
                printing: { fallbackPrinter: none }
                """.formatted(MAC, PASSWORD)));
        open.add(a);
        a.awaitReady();
        Http pos = new Http(cfg.http(), TestConfig.POS_TOKEN);
        Http admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        // its HTTP poll a minute apart: only the MQTT trigger makes a chit come out within seconds
        SimulatedCloudPrntPrinter sim = new SimulatedCloudPrntPrinter(
                URI.create(cfg.http() + "/cloudprnt"),
                MAC,
                "bar",
                PASSWORD,
                PrinterModel.STAR_TSP100,
                Duration.ofMinutes(1));
        open.add(sim);
        List<String> told = new CopyOnWriteArrayList<>();
        MqttClient printer = printerConnection(cfg, sim, told);
        await().atMost(PrinterChecks.WAIT)
                .until(() -> PrinterChecks.state(admin).equals("READY"));

        for (int i = 1; i <= 3; i++) {
            String id = "MQ-" + i;
            assertThat(pos.post("/api/v1/orders", Orders.json(id)).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> PrinterChecks.printed(sim.printer(), RasterText::text, id + "/wok") == 1);
        }
        assertThat(told).contains("star/cloudprnt/to-device/" + MAC + "/request-post");
        await().atMost(PrinterChecks.WAIT).until(() -> PrinterChecks.queued(admin) == 0);
        assertThat(sim.printer().errors()).isEmpty();

        // its account reaches only its own topics
        MqttClient other = new MqttClient("tcp://127.0.0.1:" + cfg.mqttPort(), "bar-probe", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("bar");
        o.setPassword(PASSWORD.toCharArray());
        other.connect(o);
        assertThat(other.subscribeWithResponse("dapur/" + "jkt-01" + "/#", 1).getGrantedQos())
                .as("the outlet's topics")
                .containsExactly(128);
        assertThat(other.subscribeWithResponse("star/cloudprnt/to-device/00:11:62:ff:ff:ff/#", 1)
                        .getGrantedQos())
                .as("another printer's")
                .containsExactly(128);
        other.disconnect();
        other.close();

        // gone without a word: its Will makes it OFFLINE at once (its next HTTP poll is a minute away)
        printer.disconnectForcibly(0, 1000, false);
        printer.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> PrinterChecks.state(admin).equals("OFFLINE"));
        MqttClient back = printerConnection(cfg, sim, told);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> PrinterChecks.state(admin).equals("READY"));
        back.disconnect();
        back.close();
    }
}
