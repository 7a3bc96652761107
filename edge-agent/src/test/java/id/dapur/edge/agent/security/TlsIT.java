package id.dapur.edge.agent.security;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.config.ConfigLoader;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * the contract as a client on the LAN sees it: with {@code plain: false} on both listeners, orders,
 * events, the API and a kitchen screen's WebSocket work over TLS with the outlet's own certificate
 * (pinned: trusted alone, by its fingerprint), the plain ports are closed, and the certificate and its
 * fingerprint stay the same across restarts, so a pinned POS keeps working.
 */
@Timeout(120)
class TlsIT {
    @TempDir
    Path dir;

    private TestConfig config;
    private int mqttTls;
    private int httpTls;
    private Path file;
    private RunningAgent agent;

    @BeforeEach
    void start() throws Exception {
        config = TestConfig.embedded(dir);
        mqttTls = FreePorts.next();
        httpTls = FreePorts.next();
        agent = RunningAgent.start(config.loadEdited(y -> y.replace(
                                "  embedded: { port: " + config.mqttPort() + ", host: 127.0.0.1 }",
                                "  embedded: { port: " + config.mqttPort() + ", host: 127.0.0.1, tlsPort: " + mqttTls
                                        + ", plain: false }")
                        .replace(
                                "  host: 127.0.0.1\n  port: " + config.httpPort(),
                                "  host: 127.0.0.1\n  port: " + config.httpPort() + "\n  tlsPort: " + httpTls
                                        + "\n  plain: false")))
                .awaitReady();
        file = dir.resolve("agent.yaml");
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private X509Certificate outletCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(dir.resolve("data/tls/outlet-cert.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A client that trusts exactly the outlet's certificate and nothing else, as a pinned POS does. */
    private SSLContext pinned() throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("outlet", outletCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private static String fingerprint(X509Certificate c) throws Exception {
        return HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

    /** The fingerprint of the certificate the listener on {@code port} actually presents. */
    private String served(int port) throws Exception {
        try (SSLSocket s = (SSLSocket) pinned().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return fingerprint((X509Certificate) s.getSession().getPeerCertificates()[0]);
        }
    }

    private static boolean refused(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    @Test
    void ordersEventsApiAndScreensWorkOverTlsAndThePlainPortsAreClosed() throws Exception {
        SSLContext ssl = pinned();
        assertThat(refused(config.mqttPort())).as("plain MQTT is off").isTrue();
        assertThat(refused(config.httpPort())).as("plain HTTP is off").isTrue();

        // MQTT over TLS: a POS order is ACCEPTED and its event reaches a TLS subscriber
        try (MqttProbe watcher = MqttProbe.connect(
                                "ssl://127.0.0.1:" + mqttTls, "ops", PASSWORD, ssl.getSocketFactory())
                        .subscribe(ROOT + "/orders/+/events");
                MqttProbe pos =
                        MqttProbe.connect("ssl://127.0.0.1:" + mqttTls, "pos-1", PASSWORD, ssl.getSocketFactory())) {
            pos.publish(ROOT + "/orders/in", Orders.json("TLS-1"));
            assertThat(watcher.await(
                            ROOT + "/orders/TLS-1/events",
                            e -> "ACCEPTED".equals(e.path("event").asText())))
                    .isNotNull();
        }
        // the front door checks logins on the TLS listener too
        assertThatThrownBy(() -> MqttProbe.connect(
                        "ssl://127.0.0.1:" + mqttTls, "pos-1", "wrong-password-1", ssl.getSocketFactory()))
                .isInstanceOf(MqttException.class);

        // HTTPS: the API and /health
        HttpClient https = HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> created = https.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpTls + "/api/v1/orders"))
                        .header("Authorization", "Bearer " + TestConfig.POS_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Orders.json("TLS-2")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(https.send(
                                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpTls + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);

        // a client that does not pin the outlet's certificate is refused at the handshake (it is self-signed)
        HttpClient unpinned =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> unpinned.send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpTls + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);

        // WSS: a kitchen screen says hello, gets its welcome and a sync holding both orders' tickets
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<JsonNode> synced = new CompletableFuture<>();
        WebSocket ws = https.newWebSocketBuilder()
                .buildAsync(URI.create("wss://127.0.0.1:" + httpTls + "/kds/wok/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            JsonNode m = Json.tree(text.toString());
                            text.setLength(0);
                            messages.add(m);
                            if ("sync".equals(m.path("type").asText())
                                            && m.path("complete").asBoolean()
                                    || "error".equals(m.path("type").asText())) {
                                synced.complete(m);
                            }
                        }
                        socket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"hello\",\"token\":\"" + TestConfig.WOK_TOKEN + "\",\"since\":0}", true)
                .get(5, TimeUnit.SECONDS);
        assertThat(synced.get(10, TimeUnit.SECONDS).path("type").asText()).isEqualTo("sync");
        assertThat(messages.get(0).path("type").asText()).isEqualTo("welcome");
        assertThat(messages.toString()).contains("TLS-1", "TLS-2");
        ws.abort();

        // both listeners present the certificate kept in storage.dir
        String fp = fingerprint(outletCertificate());
        assertThat(served(mqttTls)).isEqualTo(fp);
        assertThat(served(httpTls)).isEqualTo(fp);
    }

    @Test
    void theCertificateSurvivesARestartAndTheCliPrintsTheFingerprintThatIsServed() throws Exception {
        String before = served(httpTls);
        agent.close();
        agent = null;
        AgentProcess.Result r =
                AgentProcess.runToEnd(dir.resolve("fp.log"), "fingerprint", "--config", file.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("SHA-256 " + before);
        assertThat(Files.getPosixFilePermissions(dir.resolve("data/tls/outlet-key.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        agent = RunningAgent.start(new ConfigLoader(Map.of()).load(file)).awaitReady();
        assertThat(served(httpTls)).isEqualTo(before);
        assertThat(served(mqttTls)).isEqualTo(before);
    }
}
