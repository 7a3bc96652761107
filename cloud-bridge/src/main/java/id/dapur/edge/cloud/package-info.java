/**
 * The bridge to the cloud back office: store-and-forward outbox sender, configuration sync,
 * fleet health and remote commands. Depends on firmware-config only.
 */
package id.dapur.edge.cloud;
