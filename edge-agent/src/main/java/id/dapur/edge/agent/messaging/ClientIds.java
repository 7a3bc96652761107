package id.dapur.edge.agent.messaging;

import id.dapur.edge.agent.security.SecureFiles;
import id.dapur.edge.config.DapurConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The agent's own MQTT client ids on an external broker: {@code dapur-<outlet>-<12 random hex>},
 * made once and kept in {@code storage.dir} (so a persistent session survives restarts) but not
 * guessable, because Mosquitto cannot bind client ids to accounts: an account that knew the id could
 * take the agent's connection over (a broker disconnects the older of two clients with one id).
 */
public final class ClientIds {
    private ClientIds() {}

    /** Blocking (file I/O). */
    public static String agentPrefix(DapurConfig config) throws IOException {
        Path f = config.storage().dir().resolve("mqtt-client-id");
        if (Files.exists(f)) {
            String id = Files.readString(f, StandardCharsets.US_ASCII).trim();
            if (id.matches("dapur-[a-z0-9-]{1,32}-[0-9a-f]{12}")) {
                return id;
            }
        }
        byte[] r = new byte[6];
        new SecureRandom().nextBytes(r);
        String id = "dapur-" + config.outlet().id() + "-" + HexFormat.of().formatHex(r);
        SecureFiles.createPrivateDirectories(config.storage().dir());
        SecureFiles.writePrivate(f, id.getBytes(StandardCharsets.US_ASCII));
        return id;
    }
}
