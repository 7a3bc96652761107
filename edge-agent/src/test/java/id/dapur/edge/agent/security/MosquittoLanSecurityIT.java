package id.dapur.edge.agent.security;

import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Mosquitto;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same LAN attacks against Mosquitto (Debian binary) with the files {@code mosquitto-config}
 * generates. Mosquitto has no front door: it checks Wills and reads against its ACL itself; the agent's
 * own client ids are random per outlet; per-address MQTT login limits are Mosquitto's to lack
 * (docs/brokers.md).
 */
class MosquittoLanSecurityIT extends LanSecurityContract {
    @TempDir
    Path dir;

    private Mosquitto mosquitto;

    @Override
    protected TestConfig config() throws Exception {
        TestConfig c = TestConfig.external(dir, FreePorts.next());
        mosquitto = Mosquitto.start(c.load(), dir.resolve("mosquitto"), c.mqttPort());
        return c;
    }

    @Override
    protected boolean frontDoor() {
        return false;
    }

    @Override
    protected void stopBroker() throws Exception {
        mosquitto.close();
    }
}
