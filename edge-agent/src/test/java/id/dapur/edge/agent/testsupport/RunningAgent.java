package id.dapur.edge.agent.testsupport;

import id.dapur.edge.agent.Agent;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** An agent deployed in this JVM on its own Vert.x, for integration tests. */
public final class RunningAgent implements AutoCloseable {
    private final Vertx vertx;
    private final Agent agent;
    private final String deploymentId;

    private RunningAgent(Vertx vertx, Agent agent, String deploymentId) {
        this.vertx = vertx;
        this.agent = agent;
        this.deploymentId = deploymentId;
    }

    public static RunningAgent start(DapurConfig config) throws Exception {
        return start(config, false);
    }

    public static RunningAgent start(DapurConfig config, boolean startFresh) throws Exception {
        Vertx vertx = Vertx.vertx();
        Agent agent = new Agent(new Agent.Options(config, startFresh, Clock.systemUTC()));
        String id = vertx.deployVerticle(agent).await(30, TimeUnit.SECONDS);
        return new RunningAgent(vertx, agent, id);
    }

    public Agent agent() {
        return agent;
    }

    /** Waits until storage is open and the broker connected. */
    public RunningAgent awaitReady() {
        org.awaitility.Awaitility.await("agent ready")
                .atMost(15, TimeUnit.SECONDS)
                .until(() -> agent.health().up());
        return this;
    }

    @Override
    public void close() throws Exception {
        vertx.undeploy(deploymentId).await(30, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
