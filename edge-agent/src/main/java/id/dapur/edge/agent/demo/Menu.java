package id.dapur.edge.agent.demo;

import id.dapur.edge.agent.support.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** A warung's menu across wok, grill, soup and drinks, and orders drawn from it as a POS would send them. */
public final class Menu {
    record Dish(String sku, String name, String category, List<String> allergens, List<String> modifiers, int course) {}

    static final List<Dish> DISHES = List.of(
            new Dish(
                    "NG-01",
                    "Nasi Goreng Kampung",
                    "wok",
                    List.of("egg", "shellfish"),
                    List.of("extra pedas", "tidak pedas", "telur mata sapi"),
                    1),
            new Dish(
                    "MG-01",
                    "Mie Goreng Jawa",
                    "wok",
                    List.of("egg", "gluten"),
                    List.of("extra pedas", "tanpa sayur"),
                    1),
            new Dish("KW-01", "Kwetiau Siram Sapi", "wok", List.of("soy"), List.of("tidak pedas"), 1),
            new Dish("CC-01", "Capcay Kuah", "wok", List.of("shellfish"), List.of("tanpa bakso"), 1),
            new Dish("NP-01", "Nasi Putih", "rice", List.of(), List.of(), 1),
            new Dish(
                    "SA-01",
                    "Sate Ayam Madura (10 tusuk)",
                    "grill",
                    List.of("peanut", "soy"),
                    List.of("bumbu kacang terpisah", "tanpa lontong"),
                    1),
            new Dish("SK-01", "Sate Kambing (10 tusuk)", "grill", List.of("soy"), List.of("bumbu kecap"), 1),
            new Dish("AB-01", "Ayam Bakar Taliwang", "grill", List.of(), List.of("extra pedas", "paha", "dada"), 1),
            new Dish("IB-01", "Ikan Bakar Jimbaran", "grill", List.of("fish"), List.of("sambal matah"), 1),
            new Dish("SO-01", "Soto Ayam Lamongan", "soup", List.of("egg"), List.of("tanpa koya", "tambah nasi"), 1),
            new Dish("SB-01", "Sop Buntut", "soup", List.of("celery"), List.of("goreng", "kuah"), 1),
            new Dish("RW-01", "Rawon Surabaya", "soup", List.of(), List.of("telur asin"), 1),
            new Dish("ET-01", "Es Teh Manis", "drinks", List.of(), List.of("less sugar", "tanpa es"), 1),
            new Dish("EJ-01", "Es Jeruk Peras", "drinks", List.of(), List.of("tanpa es"), 1),
            new Dish("KT-01", "Kopi Tubruk", "drinks", List.of(), List.of("tanpa gula"), 1),
            new Dish("JA-01", "Jus Alpukat", "drinks", List.of("milk"), List.of("tanpa susu coklat"), 1),
            new Dish("TT-01", "Teh Tarik", "drinks", List.of("milk"), List.of(), 1),
            new Dish("PG-01", "Pisang Goreng Keju", "dessert", List.of("milk", "gluten"), List.of("extra keju"), 2),
            new Dish("EC-01", "Es Campur", "dessert", List.of("milk"), List.of(), 2));

    private static final String[] NOTES = {
        "tanpa telur", "dibungkus terpisah", "alergi kacang", "sendok garpu 2", "cepat ya"
    };
    private static final String[] CUSTOMERS = {"Budi", "Sari", "Agus", "Dewi", "Rina", "Joko", "Putri", "Andi"};

    private Menu() {}

    /** A plausible order as JSON bytes: 1-6 lines, drinks and mains, now and then a dessert course. */
    public static byte[] randomOrder(Random rnd, String orderId, String source, Instant placedAt) {
        int ch = rnd.nextInt(10);
        String channel = ch < 6 ? "DINE_IN" : ch < 8 ? "TAKEAWAY" : ch < 9 ? "DELIVERY" : "ONLINE";
        return Json.bytes(order(rnd, orderId, source, channel, placedAt));
    }

    /** A delivery platform's order as the back office would put it on the order feed. */
    public static Map<String, Object> platformOrder(
            Random rnd, String orderId, String platform, String platformOrderId, Instant placedAt) {
        Map<String, Object> o = order(rnd, orderId, "cloud-" + platform.toLowerCase(Locale.ROOT), platform, placedAt);
        o.put("customer", Map.of("displayName", CUSTOMERS[rnd.nextInt(CUSTOMERS.length)] + " (driver)"));
        o.put("platformOrderId", platformOrderId);
        return o;
    }

    /** The menu as the agent's configuration lists it: prep times, and recipe cards for two dishes. */
    static String configYaml() {
        StringBuilder sb =
                new StringBuilder("menu:\n  modifiers: [extra pedas, tanpa es, telur mata sapi]\n  items:\n");
        for (Dish d : DISHES) {
            int minutes = switch (d.category()) {
                case "drinks" -> 2;
                case "dessert" -> 4;
                case "grill" -> 12;
                case "soup" -> 6;
                default -> 7;
            };
            sb.append("    - { sku: ")
                    .append(d.sku())
                    .append(", name: \"")
                    .append(d.name())
                    .append("\", prepTime: ")
                    .append(minutes)
                    .append("m");
            // what a wasted portion costs: drinks by the glass, food by weight (Rp)
            sb.append(
                    d.category().equals("drinks")
                            ? ", unitCost: 6000"
                            : ", costPerKg: " + (d.category().equals("grill") ? 120000 : 60000));
            if (d.sku().equals("NG-01")) {
                sb.append(
                        ", recipe: { ingredients: [ { name: Nasi putih dingin, qty: 250 g }, { name: Bawang merah, qty: 3 siung },"
                                + " { name: Kecap manis, qty: 2 sdm }, { name: Telur, qty: 1 butir } ], steps: [ \"Tumis bawang merah sampai harum.\","
                                + " \"Masukkan nasi, aduk rata dengan api besar.\", \"Tambahkan kecap manis; sajikan dengan telur mata sapi.\" ],"
                                + " allergens: [egg, shellfish] }");
            } else if (d.sku().equals("SA-01")) {
                sb.append(
                        ", recipe: { ingredients: [ { name: Sate ayam, qty: 10 tusuk }, { name: Bumbu kacang, qty: 80 g },"
                                + " { name: Lontong, qty: 1 potong } ], steps: [ \"Bakar sate 4 menit tiap sisi.\", \"Siram bumbu kacang, taburi bawang goreng.\" ],"
                                + " allergens: [peanut, soy] }");
            }
            sb.append(" }\n");
        }
        return sb.toString();
    }

    private static Map<String, Object> order(
            Random rnd, String orderId, String source, String channel, Instant placedAt) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("orderId", orderId);
        o.put("source", source);
        o.put("channel", channel);
        if (channel.equals("DINE_IN")) {
            o.put("table", Integer.toString(1 + rnd.nextInt(24)));
        } else {
            o.put("customer", CUSTOMERS[rnd.nextInt(CUSTOMERS.length)]);
        }
        o.put("placedAt", placedAt.toString());
        List<Map<String, Object>> items = new ArrayList<>();
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            Dish d = DISHES.get(rnd.nextInt(DISHES.size()));
            Map<String, Object> it = new LinkedHashMap<>();
            it.put("lineId", Integer.toString(i + 1));
            it.put("sku", d.sku());
            it.put("name", d.name());
            it.put("qty", 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0));
            it.put("category", d.category());
            if (!d.modifiers().isEmpty() && rnd.nextInt(3) == 0) {
                it.put(
                        "modifiers",
                        List.of(d.modifiers().get(rnd.nextInt(d.modifiers().size()))));
            }
            if (rnd.nextInt(8) == 0) {
                it.put("note", NOTES[rnd.nextInt(NOTES.length)]);
            }
            if (!d.allergens().isEmpty()) {
                it.put("allergens", d.allergens());
            }
            it.put("course", d.course());
            items.add(it);
        }
        o.put("items", items);
        return o;
    }

    /** A random dish: its sku and name (the simulated cooks 86 one now and then). */
    static String[] randomDish(Random rnd) {
        Dish d = DISHES.get(rnd.nextInt(DISHES.size()));
        return new String[] {d.sku(), d.name()};
    }
}
