package id.dapur.edge.agent.demo;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The demo's configuration: embedded broker, fresh random secrets, the warung's stations. */
public record DemoConfig(String yaml, String adminToken, String posPassword, String kitchenPassword) {

    public static DemoConfig create(Path dataDir, int httpPort, int mqttPort) {
        String admin = secret();
        String pos = secret();
        String kitchen = secret();
        String yaml = """
                outlet: { id: demo-01, tenant: demo, name: "Warung Demo" }
                mqtt:
                  embedded: { port: %d, host: 127.0.0.1 }
                  accounts:
                    - { username: pos-demo, password: "%s", role: pos }
                    - { username: kitchen-demo, password: "%s", role: admin }
                http:
                  host: 127.0.0.1
                  port: %d
                  tokens:
                    - { token: "%s", role: admin, name: demo-admin }
                storage: { dir: "%s" }
                stations:
                  - { id: wok, name: Wok, categories: [wok, rice] }
                  - { id: grill, name: Grill & Sate, categories: [grill] }
                  - { id: soup, name: Soto & Sop, categories: [soup] }
                  - { id: bar, name: Minuman, categories: [drinks, dessert] }
                  - { id: expo, name: Expo, expo: true }
                defaultStation: wok
                """.formatted(mqttPort, pos, kitchen, httpPort, admin, dataDir.toAbsolutePath().toString().replace("\\", "/"));
        return new DemoConfig(yaml, admin, pos, kitchen);
    }

    private static String secret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
