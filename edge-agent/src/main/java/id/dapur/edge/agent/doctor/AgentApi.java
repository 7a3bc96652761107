package id.dapur.edge.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.config.DapurConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The running agent's HTTP API as the doctor reads it: its address, a client, the admin token. */
record AgentApi(String base, HttpClient http, String token) {
    private static final ObjectMapper JSON = new ObjectMapper();

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
        if (n instanceof ObjectNode o) {
            o.put("httpStatus", r.statusCode());
        }
        return n;
    }

    /** Trust for the outlet's own certificate (the configured one, or the one the agent made), or null when it cannot be read. */
    static SSLContext trustOutletCertificate(DapurConfig config) {
        Path cert = config.tls().certificate() != null
                ? config.tls().certificate()
                : config.storage().dir().resolve("tls").resolve("outlet-cert.pem");
        try (InputStream in = Files.newInputStream(cert)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry(
                    "outlet", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            return null;
        }
    }
}
