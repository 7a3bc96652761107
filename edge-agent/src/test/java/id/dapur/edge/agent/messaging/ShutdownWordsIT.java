package id.dapur.edge.agent.messaging;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop of an agent with the embedded broker: every client still connected hears the
 * agent's OFFLINE before the door closes. The broker acknowledges the agent's publish once it is
 * routed, not once it is written to each subscriber, so a door that closed at once lost it for some
 * of them (CI saw it once with one subscriber; thirty make the window wide).
 */
@Timeout(90)
@org.junit.jupiter.api.Disabled("known bug, open in issue 12's note: about 1 run in 6 one of 30 clients misses the OFFLINE even"
        + " though the front door drains (waits for the client's PUBACK after passing it the status topic); not yet found"
        + " whether Moquette or the client drops it. Run it by removing this line.")
class ShutdownWordsIT {
    @TempDir
    Path dir;

    @Test
    void everyConnectedClientHearsOfflineBeforeTheBrokerGoes() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        List<MqttProbe> screens = new ArrayList<>();
        RunningAgent agent = RunningAgent.start(config.load()).awaitReady();
        try {
            for (int i = 0; i < 30; i++) {
                MqttProbe p = MqttProbe.connect(config.mqttUrl(), "ops", PASSWORD).subscribe(ROOT + "/agent/status");
                p.await(ROOT + "/agent/status", s -> s.path("state").asText().equals("ONLINE"));
                screens.add(p);
            }
        } finally {
            agent.close();
        }
        int heard = 0;
        for (MqttProbe p : screens) {
            // the bytes are on the client's socket by now; its callback thread may still be reading them
            p.await(ROOT + "/agent/status", s -> s.path("state").asText().equals("OFFLINE"), Duration.ofSeconds(5));
            heard++;
            p.close();
        }
        assertThat(heard).isEqualTo(30);
    }
}
