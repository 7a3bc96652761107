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
 * agent's OFFLINE before its connection closes. The broker acknowledges the agent's publish once it
 * is routed, not once each subscriber has it, so the listeners close each connection only once its
 * client has acknowledged everything routed to it (thirty subscribers make any window wide).
 */
@Timeout(90)
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
                MqttProbe p =
                        MqttProbe.connect(config.mqttUrl(), "ops", PASSWORD).subscribe(ROOT + "/agent/status");
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
