package id.dapur.edge.config;

import java.util.regex.Pattern;

/** Which outlet this agent serves; {@code id} is the MQTT topic root {@code dapur/<id>}. */
public record OutletConfig(String id, String tenant, String name) {
    static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");

    static OutletConfig read(ConfigNode n) {
        String id = n.matching("id", null, ID, "1-32 characters of a-z, 0-9 and '-'");
        String tenant = n.matching("tenant", null, ID, "1-32 characters of a-z, 0-9 and '-'");
        String name = n.string("name", id);
        return new OutletConfig(id, tenant, name);
    }
}
