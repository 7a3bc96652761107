package id.dapur.edge.agent.security;

import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The LAN attacks against the zero-setup default: Moquette on loopback behind the agent's front door. */
class EmbeddedLanSecurityIT extends LanSecurityContract {
    @TempDir
    Path dir;

    @Override
    protected TestConfig config() {
        return TestConfig.embedded(dir);
    }

    @Override
    protected boolean frontDoor() {
        return true;
    }
}
