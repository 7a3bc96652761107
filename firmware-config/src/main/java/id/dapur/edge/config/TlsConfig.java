package id.dapur.edge.config;

import java.nio.file.Path;

/**
 * The outlet's certificate for MQTT over TLS, HTTPS and WSS: PEM files given here, or (both absent)
 * one the agent makes at first start and keeps in {@code storage.dir}.
 */
public record TlsConfig(Path certificate, Path key) {
    public static final TlsConfig GENERATED = new TlsConfig(null, null);

    public boolean generated() {
        return certificate == null;
    }

    static TlsConfig read(ConfigNode n) {
        String cert = n.string("certificate", null);
        String key = n.string("key", null);
        if ((cert == null) != (key == null)) {
            n.problem(
                    cert == null ? "certificate" : "key", "is required with " + (cert == null ? "key" : "certificate"));
            return GENERATED;
        }
        return cert == null ? GENERATED : new TlsConfig(Path.of(cert), Path.of(key));
    }
}
