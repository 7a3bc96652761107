import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A POS sending orders to a Dapur Edge agent, as the contract asks (contract/README.md, "Orders").
 *
 * <p>Over MQTT (Eclipse Paho) or HTTP (the JDK's client), it sends each order and waits for its answer.
 * With no answer within 3 s it sends the same order again (same orderId, same bytes), with a growing
 * pause, until it hears ACCEPTED, DUPLICATE (both mean: stored) or REJECTED (fix the order; never resend
 * it unchanged). That is all a POS needs to survive a lost answer, a 503, a dropped connection or an
 * agent restart without losing or doubling an order. One file, Java 17, Paho the only library:
 *
 * <pre>
 *   java -cp org.eclipse.paho.client.mqttv3-1.2.5.jar Pos.java --host 192.168.1.20 --user pos-1 --password SECRET --orders 5
 *   java -cp org.eclipse.paho.client.mqttv3-1.2.5.jar Pos.java --http --host 192.168.1.20 --token TOKEN --orders 5
 *   ... --tls --ca outlet-cert.pem      (MQTT on 8883, HTTPS on 8443)
 * </pre>
 *
 * Exit 0 when every order was stored, 1 when one was rejected, 2 on bad arguments.
 */
public final class Pos {
    static final Duration FIRST_WAIT = Duration.ofSeconds(3);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final Pattern EVENT = Pattern.compile("\"event\"\\s*:\\s*\"([A-Z_]+)\"");
    static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    interface Transport {
        /** Sends the order until it is answered; returns the event: ACCEPTED, DUPLICATE or REJECTED CODE. */
        String send(String orderId, String json) throws Exception;

        void close() throws Exception;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("host", "127.0.0.1", "outlet", "sandbox", "user", "pos-1", "orders", "3"));
        for (int i = 0; i < argv.length; i++) {
            String k = argv[i].replaceFirst("^--", "");
            boolean flag = k.equals("http") || k.equals("tls");
            a.put(k, flag ? "true" : i + 1 < argv.length ? argv[++i] : "");
        }
        boolean http = a.containsKey("http");
        if (http ? !a.containsKey("token") : !a.containsKey("password")) {
            System.err.println("Pos: MQTT needs --password, HTTP needs --token");
            System.exit(2);
        }
        SSLContext tls = a.containsKey("tls") ? trusting(a.get("ca")) : null;
        Transport pos = http ? new Http(a, tls) : new Mqtt(a, tls);
        String prefix = "java-" + UUID.randomUUID().toString().substring(0, 8);
        int total = Integer.parseInt(a.get("orders"));
        int stored = 0;
        for (int n = 1; n <= total; n++) {
            String id = prefix + "-" + n;
            String answer = pos.send(id, order(id, n));
            if (answer.equals("ACCEPTED") || answer.equals("DUPLICATE")) {
                stored++;
            }
            System.out.println(id + ": " + answer);
            Thread.sleep(200);
        }
        pos.close();
        System.out.println(stored + " of " + total + " orders stored");
        System.exit(stored == total ? 0 : 1);
    }

    /** An order as the contract's schema (contract/schemas/order.schema.json) describes it; orderId is the idempotency key. */
    static String order(String id, int n) {
        return """
                {"orderId":"%s","source":"example-pos","channel":"DINE_IN","table":"%d","placedAt":"%s","items":[\
                {"lineId":"1","name":"Sate Ayam","qty":2,"category":"food","note":"no peanut sauce","allergens":["peanut"]},\
                {"lineId":"2","name":"Kopi Susu","qty":1,"category":"drinks"}]}""".formatted(id, n % 12 + 1, Instant.now());
    }

    /** MQTT: a persistent session (answers sent while the Wi-Fi was down arrive when it is back), subscribed on every connect. */
    static final class Mqtt implements Transport, MqttCallbackExtended {
        final MqttClient client;
        final String outlet;
        final Map<String, String> answers = new ConcurrentHashMap<>();

        Mqtt(Map<String, String> a, SSLContext tls) throws MqttException {
            outlet = a.get("outlet");
            String port = a.getOrDefault("port", tls != null ? "8883" : "1883");
            String url = (tls != null ? "ssl://" : "tcp://") + a.get("host") + ":" + port;
            // client ids belong to their account: the username, or it and a suffix
            client = new MqttClient(url, a.get("user") + "-example-java", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName(a.get("user"));
            o.setPassword(a.get("password").toCharArray());
            o.setCleanSession(false);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(5000);
            o.setKeepAliveInterval(30);
            if (tls != null) {
                o.setSocketFactory(tls.getSocketFactory());
            }
            client.setCallback(this);
            client.setTimeToWait(FIRST_WAIT.toMillis());
            client.connect(o);
            // listen before the first order goes out (subscribe waits for the broker's SUBACK)
            client.subscribe("dapur/" + outlet + "/orders/+/events", 1);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (!reconnect) {
                return; // the first connection subscribes in the constructor, before anything is published
            }
            try {
                // after an agent restart the broker has no session for us: subscribe on every reconnect
                client.subscribe("dapur/" + outlet + "/orders/+/events", 1);
            } catch (MqttException e) {
                System.err.println("subscribe failed: " + e.getMessage());
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) {
            String json = new String(m.getPayload(), StandardCharsets.UTF_8);
            Matcher event = EVENT.matcher(json);
            Matcher id = ORDER_ID.matcher(json);
            if (event.find() && id.find() && event.group(1).matches("ACCEPTED|DUPLICATE|REJECTED")) {
                Matcher code = CODE.matcher(json);
                String answer = event.group(1) + (event.group(1).equals("REJECTED") && code.find() ? " " + code.group(1) : "");
                synchronized (answers) {
                    answers.putIfAbsent(id.group(1), answer);
                    answers.notifyAll();
                }
            }
        }

        @Override
        public String send(String orderId, String json) throws InterruptedException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8); // the same bytes on every resend
            for (Duration wait = FIRST_WAIT; ; wait = min(wait.multipliedBy(3).dividedBy(2), MAX_WAIT)) {
                try {
                    client.publish("dapur/" + outlet + "/orders/in", body, 1, false);
                } catch (MqttException e) {
                    // not connected right now: Paho reconnects; the next resend follows
                }
                long deadline = System.nanoTime() + wait.toNanos();
                synchronized (answers) {
                    while (!answers.containsKey(orderId) && System.nanoTime() < deadline) {
                        answers.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    }
                    if (answers.containsKey(orderId)) {
                        return answers.get(orderId);
                    }
                }
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        @Override
        public void close() throws MqttException {
            client.disconnect();
            client.close();
        }
    }

    /** HTTP: 201 ACCEPTED and 200 DUPLICATE mean stored; a 4xx is final; 503, a timeout or a dropped connection mean: send again. */
    static final class Http implements Transport {
        final HttpClient client;
        final URI uri;
        final String token;

        Http(Map<String, String> a, SSLContext tls) {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(FIRST_WAIT);
            if (tls != null) {
                b.sslContext(tls);
            }
            client = b.build();
            String port = a.getOrDefault("port", tls != null ? "8443" : "8080");
            uri = URI.create((tls != null ? "https://" : "http://") + a.get("host") + ":" + port + "/api/v1/orders");
            token = a.get("token");
        }

        @Override
        public String send(String orderId, String json) throws InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(FIRST_WAIT).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
            for (Duration wait = FIRST_WAIT; ; wait = min(wait.multipliedBy(3).dividedBy(2), MAX_WAIT)) {
                Duration pause = wait;
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 201 || r.statusCode() == 200) {
                        return r.statusCode() == 201 ? "ACCEPTED" : "DUPLICATE";
                    }
                    if (r.statusCode() < 500 && r.statusCode() != 408 && r.statusCode() != 429) {
                        Matcher code = CODE.matcher(r.body());
                        return "REJECTED " + (code.find() ? code.group(1) : r.statusCode());
                    }
                    String retry = r.headers().firstValue("Retry-After").orElse("");
                    if (retry.matches("\\d{1,4}")) {
                        pause = Duration.ofSeconds(Long.parseLong(retry));
                    }
                } catch (java.io.IOException e) {
                    // no answer at all: it may or may not be stored; the same order again is safe
                }
                Thread.sleep(pause.toMillis());
            }
        }

        @Override
        public void close() {
        }
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    /** TLS that trusts the agent's certificate (PEM), or the JVM's trust store when none is given. */
    static SSLContext trusting(String caFile) throws Exception {
        if (caFile == null) {
            return SSLContext.getDefault();
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(caFile))) {
            ks.setCertificateEntry("agent", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
