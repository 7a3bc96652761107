package id.dapur.edge.agent.messaging;

/**
 * How the agent reaches its broker: its client id prefix, and what makes its connection (over the
 * network to the outlet's own broker, or inside the process to the embedded one).
 */
public record BrokerLogin(String clientIdPrefix, MqttBus.Connector connector) {}
