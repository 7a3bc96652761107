package id.dapur.edge.cloud.update;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.config.ReleaseKeys;
import java.util.Locale;

/** A release named by the command: what it must be, checked before anything is fetched. */
record Release(String version, String url, String sha256, String signature, long size) {
    static Release of(JsonNode a, long maxBytes) {
        String v = a.path("version").asText("");
        if (!ReleaseKeys.VERSION.matcher(v).matches()) {
            throw new IllegalArgumentException("args.version must be a version like 1.4.2");
        }
        String url = a.path("url").asText("");
        if (url.isEmpty() || url.length() > 2000) {
            throw new IllegalArgumentException("args.url must be the release's address at the cloud");
        }
        String sha = a.path("sha256").asText("").toLowerCase(Locale.ROOT);
        if (!ReleaseKeys.SHA256.matcher(sha).matches()) {
            throw new IllegalArgumentException("args.sha256 must be 64 hex digits");
        }
        String sig = a.path("signature").asText("");
        if (sig.isEmpty() || sig.length() > 200) {
            throw new IllegalArgumentException("args.signature must be the base64 Ed25519 signature of the release");
        }
        long size = a.path("size").asLong(-1);
        if (!a.path("size").isIntegralNumber() || size < 1 || size > maxBytes) {
            throw new IllegalArgumentException("args.size must be the release's size in bytes, at most " + maxBytes);
        }
        return new Release(v, url, sha, sig, size);
    }
}
