package id.dapur.edge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.Agent;
import id.dapur.edge.agent.cloud.CloudLink;
import id.dapur.edge.cloud.ConfigSync;
import id.dapur.edge.cloud.update.Updater;
import id.dapur.edge.config.ConfigLayers;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Agent} in one JVM and applies configuration from the back office without a process
 * restart: the agent is stopped gracefully (queued commits written, H2 closed) and started again on
 * the new configuration, all or nothing; if it will not start on it, it is started again on the one
 * it ran on and the version is reported {@code FAILED}. The host itself starts on the last known good
 * configuration from the cloud when there is one, else on the local file.
 */
public final class AgentHost {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHost.class);

    private final Vertx vertx;
    private final JsonNode localTree;
    private final boolean startFresh;
    private final Clock clock;
    private final Updater.Launch launch;
    private volatile Agent agent;
    private volatile String deploymentId;
    private volatile int reloads;

    private AgentHost(Vertx vertx, JsonNode localTree, boolean startFresh, Clock clock, Updater.Launch launch) {
        this.launch = launch;
        this.vertx = vertx;
        this.localTree = localTree;
        this.startFresh = startFresh;
        this.clock = clock;
    }

    /**
     * Starts the agent on the local file's tree (already validated as {@code local}), or on the last
     * known good cloud configuration merged over it.
     */
    public static Future<AgentHost> start(
            Vertx vertx, JsonNode localTree, DapurConfig local, boolean startFresh, Clock clock) {
        return start(vertx, localTree, local, startFresh, clock, null);
    }

    /** As above, started by the launcher that can start another version ({@code launch}; null: it was not). */
    public static Future<AgentHost> start(
            Vertx vertx,
            JsonNode localTree,
            DapurConfig local,
            boolean startFresh,
            Clock clock,
            Updater.Launch launch) {
        AgentHost host = new AgentHost(vertx, localTree, startFresh, clock, launch);
        return vertx.executeBlocking(() -> local.cloud().isEmpty()
                        ? Optional.<ConfigLayers.Merged>empty()
                        : ConfigSync.startup(
                                local.storage().dir().resolve("cloud"), ConfigLoader.withSystemEnv(), localTree))
                .compose(lkg -> {
                    lkg.ifPresent(m -> LOG.info(
                            "starting on the last known good cloud configuration [file: {}]",
                            local.storage().dir().resolve("cloud").resolve("config.json")));
                    return host.deploy(
                            lkg.map(ConfigLayers.Merged::config).orElse(local),
                            lkg.map(ConfigLayers.Merged::tree).orElse(localTree),
                            startFresh);
                })
                .map(host);
    }

    public Agent agent() {
        return agent;
    }

    /** How many times a new configuration was applied. */
    public int reloads() {
        return reloads;
    }

    private Future<Void> deploy(DapurConfig config, JsonNode tree, boolean fresh) {
        Agent a = new Agent(
                new Agent.Options(config, fresh, clock, new CloudLink.Host(localTree, tree, this::apply, launch)));
        return vertx.deployVerticle(a).map(id -> {
            agent = a;
            deploymentId = id;
            return null;
        });
    }

    private void apply(ConfigSync.Apply next) {
        vertx.runOnContext(v -> {
            DapurConfig before = agent.options().config();
            JsonNode beforeTree = agent.options().host().runningTree();
            LOG.info(
                    "applying configuration from the cloud: restarting the agent's services [version: {}]",
                    next.version());
            vertx.undeploy(deploymentId)
                    .compose(x -> deploy(next.merged().config(), next.merged().tree(), false))
                    .onSuccess(x -> {
                        reloads++;
                        LOG.info("configuration applied [version: {}]", next.version());
                    })
                    .onFailure(e -> {
                        LOG.error(
                                "the agent would not start on the new configuration; going back to the previous one [version: {}, error: {}]",
                                next.version(),
                                e.toString());
                        vertx.executeBlocking(() -> {
                                    next.failedToStart().run();
                                    return null;
                                })
                                .compose(x -> deploy(before, beforeTree, false))
                                .onFailure(e2 -> LOG.error(
                                        "the agent would not start on the previous configuration either [error: {}]",
                                        e2.toString()));
                    });
        });
    }

    public Future<Void> stop() {
        return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    }
}
