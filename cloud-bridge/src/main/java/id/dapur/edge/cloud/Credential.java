package id.dapur.edge.cloud;

import id.dapur.edge.config.Secret;

/** The device's identity at the cloud: its id and the bearer credential the cloud issued for it. */
public record Credential(String deviceId, Secret token) {}
