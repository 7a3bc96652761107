package id.dapur.edge.agent;

import id.dapur.edge.agent.cloud.CloudLink;
import id.dapur.edge.config.DapurConfig;
import java.time.Clock;

/**
 * How to start: the config, whether the operator chose to go on past a quarantined database, and
 * (when a host can restart the agent on a new configuration) what the cloud bridge needs to apply
 * configuration from the back office.
 */
public record AgentOptions(DapurConfig config, boolean startFresh, Clock clock, CloudLink.Host host, AgentHooks hooks) {
    public AgentOptions(DapurConfig config, boolean startFresh, Clock clock) {
        this(config, startFresh, clock, null, AgentHooks.NONE);
    }

    public AgentOptions(DapurConfig config, boolean startFresh, Clock clock, CloudLink.Host host) {
        this(config, startFresh, clock, host, AgentHooks.NONE);
    }
}
