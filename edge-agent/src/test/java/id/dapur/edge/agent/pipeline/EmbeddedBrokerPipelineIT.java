package id.dapur.edge.agent.pipeline;

import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on the zero-setup default: the broker inside the agent. */
class EmbeddedBrokerPipelineIT extends PipelineContract {
    @TempDir
    Path dir;

    @Override
    protected TestConfig config() {
        return TestConfig.embedded(dir);
    }
}
