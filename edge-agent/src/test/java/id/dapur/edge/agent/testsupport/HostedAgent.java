package id.dapur.edge.agent.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.Agent;
import id.dapur.edge.agent.cli.AgentHost;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The agent through its {@link AgentHost} (as {@code run} starts it), so configuration from the cloud can be applied. */
public final class HostedAgent implements AutoCloseable {
    private final Vertx vertx;
    private final AgentHost host;

    private HostedAgent(Vertx vertx, AgentHost host) {
        this.vertx = vertx;
        this.host = host;
    }

    public static HostedAgent start(Path configFile) throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of());
        JsonNode tree = loader.loadTree(configFile);
        DapurConfig config = loader.fromTree(tree);
        Vertx vertx = Vertx.vertx();
        return new HostedAgent(
                vertx,
                AgentHost.start(vertx, tree, config, false, Clock.systemUTC()).await(30, TimeUnit.SECONDS));
    }

    public AgentHost host() {
        return host;
    }

    public Agent agent() {
        return host.agent();
    }

    public HostedAgent awaitReady() {
        Awaitility.await("agent ready")
                .atMost(Duration.ofSeconds(20))
                .until(() -> host.agent() != null && host.agent().health().up());
        return this;
    }

    @Override
    public void close() throws Exception {
        host.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
