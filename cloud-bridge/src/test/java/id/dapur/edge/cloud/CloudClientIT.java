package id.dapur.edge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.config.Secret;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the fake cloud over TLS with a CA made by the test, and the provisioning rules. */
class CloudClientIT {
    static Vertx vertx;
    static FakeCloud cloud;
    static TestCa ca;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ca = TestCa.create(dir);
        cloud = FakeCloud.start(vertx, false, 0, ca.serverKeyStore());
    }

    @AfterAll
    static void stop() {
        cloud.close();
        vertx.close().await();
    }

    HttpCloudClient client(String host, boolean trustTestCa) throws Exception {
        String extra = trustTestCa ? "  caFile: " + ca.caPem() + "\n  requestTimeout: 5s\n" : "  requestTimeout: 5s\n";
        return new HttpCloudClient(vertx, Clouds.cloud(cloud.url("https", host), extra), "jkt-01");
    }

    @Test
    void overTlsVerifiedAgainstTheConfiguredCaTheDeviceRegistersOnceWithItsCode() throws Exception {
        cloud.provisioningCode("code-tls-0001");
        HttpCloudClient c = client("localhost", true);

        Credential cred =
                c.register("code-tls-0001", Map.of("outletId", "jkt-01")).await(10, TimeUnit.SECONDS);
        c.credential(cred);

        assertThat(cred.deviceId()).startsWith("dev-jkt-01");
        assertThat(c.heartbeat(heartbeat()).await(10, TimeUnit.SECONDS)).containsKey("serverTime");
        // the same code again: refused, not retryable
        assertThatThrownBy(() -> c.register("code-tls-0001", Map.of("outletId", "jkt-01"))
                        .await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("PROVISIONING_CODE_USED");
                    assertThat(e.retryable()).isFalse();
                });
        // a code the cloud never issued
        assertThatThrownBy(() -> c.register("code-never-issued", Map.of("outletId", "jkt-01"))
                        .await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        CloudException.class, e -> assertThat(e.code()).isEqualTo("PROVISIONING_CODE_INVALID"));
        c.close();
    }

    @Test
    void withoutTheCaTheCertificateIsRefusedAndNothingIsSent() throws Exception {
        cloud.provisioningCode("code-tls-0002");
        int before = cloud.registrations();
        HttpCloudClient c = client("localhost", false);

        assertThatThrownBy(() -> c.register("code-tls-0002", Map.of("outletId", "jkt-01"))
                        .await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).containsIgnoringCase("SSL");
                });
        assertThat(cloud.registrations()).isEqualTo(before);
        c.close();
    }

    @Test
    void aClosedClientAnswersARetryableFailureAndAStoppedRegistrationEndsItsRetries() throws Exception {
        // nothing listens on that port: registration keeps retrying until it is stopped
        HttpCloudClient c = new HttpCloudClient(
                vertx,
                Clouds.cloud("http://127.0.0.1:9/api", "  retry:\n    initial: 50ms\n    max: 50ms\n"),
                "jkt-01");
        Registration r = new Registration(
                vertx,
                c,
                new CredentialVault(dir.resolve("stopped"), "jkt-01"),
                new Secret("code-never-used"),
                Map.of("outletId", "jkt-01"),
                new Reachability(Clouds.cloud("http://127.0.0.1:9/api", "").retry(), Clock.systemUTC()));
        var ensured = r.ensure();

        r.stop();
        c.close();

        assertThatThrownBy(() -> ensured.await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        CloudException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(r.state()).isEqualTo(Registration.State.REGISTERING);
        // a call on the closed client is answered, not thrown at the caller's event loop
        assertThatThrownBy(() -> c.register("code-never-used", Map.of("outletId", "jkt-01"))
                        .await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("closed");
                });
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() throws Exception {
        cloud.provisioningCode("code-tls-0003");
        int before = cloud.registrations();
        HttpCloudClient c = client("127.0.0.1", true); // the certificate names localhost only

        assertThatThrownBy(() -> c.register("code-tls-0003", Map.of("outletId", "jkt-01"))
                        .await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        CloudException.class, e -> assertThat(e.status()).isZero());
        assertThat(cloud.registrations()).isEqualTo(before);
        c.close();
    }

    @Test
    void aRotatedCredentialWorksAndTheOldOneIsRevokedOnceTheNewOneIsUsed() throws Exception {
        cloud.provisioningCode("code-tls-0004");
        HttpCloudClient c = client("localhost", true);
        Credential first =
                c.register("code-tls-0004", Map.of("outletId", "jkt-01")).await(10, TimeUnit.SECONDS);
        c.credential(first);

        Credential second = c.rotateCredential().await(10, TimeUnit.SECONDS);
        c.credential(second);
        assertThat(second.token().reveal()).isNotEqualTo(first.token().reveal());
        assertThat(c.commands(1).await(10, TimeUnit.SECONDS)).isEmpty(); // uses the new one

        c.credential(first);
        assertThatThrownBy(() -> c.heartbeat(heartbeat()).await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        CloudException.class, e -> assertThat(e.code()).isEqualTo("INVALID_CREDENTIAL"));
        c.close();
    }

    @Test
    void aBatchIsAnsweredPerEventAndARepeatIsADuplicate() throws Exception {
        cloud.provisioningCode("code-tls-0005");
        HttpCloudClient c = client("localhost", true);
        c.credential(c.register("code-tls-0005", Map.of("outletId", "jkt-01")).await(10, TimeUnit.SECONDS));
        List<CloudEvent> events = List.of(
                new CloudEvent(
                        1,
                        "inst:1",
                        "orders",
                        "ORDER_EVENT",
                        Instant.now(),
                        "{\"orderId\":\"A\",\"event\":\"ACCEPTED\",\"at\":\"2026-12-06T10:00:00Z\"}",
                        100),
                new CloudEvent(
                        2,
                        "inst:2",
                        "orders",
                        "ORDER_EVENT",
                        Instant.now(),
                        "{\"orderId\":\"B\",\"event\":\"ACCEPTED\",\"at\":\"2026-12-06T10:00:00Z\"}",
                        100));

        List<EventResult> first = c.send("b1", events).await(10, TimeUnit.SECONDS);
        List<EventResult> again = c.send("b2", events).await(10, TimeUnit.SECONDS);

        assertThat(first)
                .extracting(EventResult::status)
                .containsExactly(EventResult.Status.ACCEPTED, EventResult.Status.ACCEPTED);
        assertThat(again)
                .extracting(EventResult::status)
                .containsExactly(EventResult.Status.DUPLICATE, EventResult.Status.DUPLICATE);
        assertThat(cloud.events("orders"))
                .extracting(e -> e.payload().path("orderId").asText())
                .containsExactly("A", "B");
        c.close();
    }

    /** The least heartbeat the cloud API allows. */
    private static Map<String, Object> heartbeat() {
        return Map.of(
                "outletId",
                "jkt-01",
                "agentVersion",
                "1.0.0",
                "uptimeSeconds",
                1,
                "at",
                Instant.now().toString());
    }
}
