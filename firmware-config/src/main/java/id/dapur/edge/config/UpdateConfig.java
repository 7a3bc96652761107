package id.dapur.edge.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Self-update (docs/fleet.md), under {@code update}: the Ed25519 public keys a release must
 * be signed with ({@code trustedKeys}, base64 of the 32-byte key or of its X.509 encoding; none: every
 * {@code update} command is refused) and the largest release the agent downloads ({@code maxBytes}).
 * Local only ({@link ConfigLayers#LOCAL_ONLY}): the cloud that sends releases may not choose the keys
 * that check them.
 */
public record UpdateConfig(List<String> trustedKeys, long maxBytes) {
    public static final UpdateConfig NONE = new UpdateConfig(List.of(), 256L << 20);
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{40,120}={0,2}");

    public UpdateConfig {
        trustedKeys = List.copyOf(trustedKeys);
    }

    static UpdateConfig read(ConfigNode n) {
        List<String> keys = n.stringList("trustedKeys", BASE64, "a base64 Ed25519 public key");
        for (int i = 0; i < keys.size(); i++) {
            String problem = ReleaseKeys.problem(keys.get(i));
            if (problem != null) {
                n.problem("trustedKeys[" + i + "]", problem);
            }
        }
        long max = n.integer("maxMegabytes", 256, 1, 1024);
        return new UpdateConfig(keys, max << 20);
    }
}
