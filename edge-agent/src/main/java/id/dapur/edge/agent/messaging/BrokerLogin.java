package id.dapur.edge.agent.messaging;

import id.dapur.edge.config.Secret;

/**
 * How the agent connects to its broker: URL, account, client id, and whether it must acknowledge a
 * message only after handling it (an outside broker) or may on arrival (the embedded one).
 */
public record BrokerLogin(String url, String username, Secret password, String clientId, boolean external) {}
