package id.dapur.edge.agent.floor;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.Browser;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * Recipe cards end to end: the card comes from the configured menu, its plating photo is fetched
 * once and cached on disk (it is still served after a restart with the photo's server gone), and a
 * cook opens it from a ticket line with one key, in type large enough to read from 2 m.
 */
class RecipeCardIT {
    static byte[] photo() throws Exception {
        BufferedImage img = new BufferedImage(480, 320, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xF4, 0xE3, 0xC1));
        g.fillRect(0, 0, 480, 320);
        g.setColor(new Color(0xC2, 0x6A, 0x1B));
        g.fillOval(90, 60, 300, 200);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void aCookOpensTheCardFromATicketLineAndItsPhotoIsCachedForOfflineUse() throws Exception {
        Vertx vertx = Vertx.vertx();
        byte[] png = photo();
        AtomicInteger fetched = new AtomicInteger();
        HttpServer photos = vertx.createHttpServer()
                .requestHandler(req -> {
                    fetched.incrementAndGet();
                    req.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(png));
                })
                .listen(0, "127.0.0.1")
                .await();
        TestConfig cfg = TestConfig.embedded(Files.createTempDirectory("dapur-recipe"));
        String menu = """
                menu:
                  items:
                    - sku: NG-01
                      name: Nasi Goreng Kampung
                      prepTime: 6m
                      recipe:
                        ingredients:
                          - { name: Nasi putih (dingin), qty: 250 g }
                          - { name: Bawang merah, qty: 3 siung }
                          - { name: Kecap manis, qty: 2 sdm }
                        steps:
                          - Tumis bawang merah sampai harum.
                          - Masukkan nasi, aduk rata dengan api besar.
                          - Tambahkan kecap manis, sajikan dengan telur mata sapi.
                        allergens: [egg, soy]
                        photo: "http://127.0.0.1:%d/photos/nasi-goreng.png"
                """.formatted(photos.actualPort());
        RunningAgent agent = RunningAgent.start(cfg.load(menu)).awaitReady();
        Http wok = new Http(cfg.http(), TestConfig.WOK_TOKEN);
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> wok.get("/api/v1/menu/recipes/NG-01")
                            .json()
                            .path("photo")
                            .asBoolean());
            var card = wok.get("/api/v1/menu/recipes/NG-01").json();
            assertThat(card.path("ingredients").get(1).path("qty").asText()).isEqualTo("3 siung");
            assertThat(card.path("steps")).hasSize(3);
            assertThat(card.path("allergens").toString()).contains("egg", "soy");
            assertThat(wok.get("/api/v1/menu/recipes/XX-9").status()).isEqualTo(404);
            assertThat(new Http(cfg.http(), TestConfig.BOARD_TOKEN)
                            .get("/api/v1/menu/recipes/NG-01")
                            .status())
                    .isEqualTo(403);

            MqttProbe pos = MqttProbe.connect(cfg.mqttUrl(), "pos-1", TestConfig.PASSWORD);
            try (Browser b = Browser.start(1920, 1080)) {
                b.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
                pos.publish(ROOT + "/orders/in", """
                        {"orderId": "RC-1", "source": "pos-1", "channel": "DINE_IN", "table": "4", "placedAt": "2026-12-02T07:00:00Z",
                         "items": [{"lineId": "1", "sku": "NG-01", "name": "Nasi Goreng Kampung", "qty": 1, "category": "wok"}]}
                        """);
                b.until(() -> b.card("RC-1/wok") != null, "the card");
                b.press(b.keyOf("RC-1/wok"));
                b.press("i");
                b.until(
                        () -> b.all("#recipe").get(0).isDisplayed()
                                && b.text("#recipe").contains("Bawang merah"),
                        "the recipe card");
                b.until(
                        () -> ((Number)
                                                b.js(
                                                        "const i = document.querySelector('#recipe img.photo'); return i && i.complete ? i.naturalWidth : 0"))
                                        .intValue()
                                == 480,
                        "the cached photo shown");
                assertThat(b.text("#recipe")).contains("3 siung", "Tumis bawang merah", "egg, soy");
                double px = ((Number)
                                b.js(
                                        "return parseFloat(getComputedStyle(document.querySelector('#recipe .ingredients')).fontSize)"))
                        .doubleValue();
                assertThat(px).as("readable from 2 m").isGreaterThanOrEqualTo(28);
                b.screenshot(Paths.get("target/screenshots/kds-recipe-card.png"));
                b.press(Keys.ESCAPE);
                b.until(() -> !b.all("#recipe").get(0).isDisplayed(), "the card closed");
                // touch: the book on the line opens it too
                b.card("RC-1/wok")
                        .findElement(org.openqa.selenium.By.cssSelector(".recipe-btn"))
                        .click();
                b.until(() -> b.all("#recipe").get(0).isDisplayed(), "the card opened by touch");
            } finally {
                pos.close();
            }
        } finally {
            agent.close();
        }
        assertThat(fetched.get()).as("fetched once, then served from disk").isEqualTo(1);

        // the photo's server is gone: after a restart the card still has its photo, from the cache
        photos.close().await();
        RunningAgent again = RunningAgent.start(cfg.load(menu)).awaitReady();
        try {
            Http.Response r = wok.get("/api/v1/menu/recipes/NG-01/photo");
            assertThat(r.status()).isEqualTo(200);
            assertThat(wok.getBytes("/api/v1/menu/recipes/NG-01/photo")).isEqualTo(png);
        } finally {
            again.close();
            vertx.close().await();
        }
    }
}
