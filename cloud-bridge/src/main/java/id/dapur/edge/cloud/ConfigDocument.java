package id.dapur.edge.cloud;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outlet's configuration as the back office holds it: the partner's defaults and the outlet's
 * overrides, merged over the local file by firmware-config's {@code ConfigLayers}.
 *
 * @param version the back office's version of this outlet's configuration (shown in heartbeats and reports)
 * @param etag    the HTTP entity tag, sent back as {@code If-None-Match}
 */
public record ConfigDocument(String version, String etag, JsonNode partner, JsonNode outlet) {}
