package id.dapur.edge.agent.printing;

import java.util.Map;

/** The words on paper, in English and Bahasa Indonesia ({@code printing.language}). */
final class PrintTexts {
    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("table", "Table"),
            Map.entry("order", "Order"),
            Map.entry("course", "Course"),
            Map.entry("hold", "HOLD"),
            Map.entry("allergens", "ALLERGENS"),
            Map.entry("note", "Note"),
            Map.entry("reprint", "*** REPRINT ***"),
            Map.entry("backup", "BACKUP FROM"),
            Map.entry("void", "VOID"),
            Map.entry("soldOut", "SOLD OUT"),
            Map.entry("DINE_IN", "Dine in"),
            Map.entry("TAKEAWAY", "Takeaway"),
            Map.entry("DELIVERY", "Delivery"),
            Map.entry("ONLINE", "Online"),
            Map.entry("GRABFOOD", "GrabFood"),
            Map.entry("GOFOOD", "GoFood"),
            Map.entry("SHOPEEFOOD", "ShopeeFood"),
            Map.entry("total", "TOTAL"),
            Map.entry("items", "items"),
            Map.entry("test", "TEST PAGE"),
            Map.entry("printer", "Printer"),
            Map.entry("model", "Model"),
            Map.entry("width", "Paper"),
            Map.entry("connection", "Connection"),
            Map.entry("printed", "Printed"),
            Map.entry("customer", "Customer"),
            Map.entry("scan", "Scan for your receipt"));
    private static final Map<String, String> ID = Map.ofEntries(
            Map.entry("table", "Meja"),
            Map.entry("order", "Pesanan"),
            Map.entry("course", "Hidangan"),
            Map.entry("hold", "TAHAN"),
            Map.entry("allergens", "ALERGEN"),
            Map.entry("note", "Catatan"),
            Map.entry("reprint", "*** REPRINT / CETAK ULANG ***"),
            Map.entry("backup", "BACKUP FROM"),
            Map.entry("void", "BATAL"),
            Map.entry("soldOut", "HABIS"),
            Map.entry("DINE_IN", "Makan di tempat"),
            Map.entry("TAKEAWAY", "Bungkus"),
            Map.entry("DELIVERY", "Antar"),
            Map.entry("ONLINE", "Online"),
            Map.entry("GRABFOOD", "GrabFood"),
            Map.entry("GOFOOD", "GoFood"),
            Map.entry("SHOPEEFOOD", "ShopeeFood"),
            Map.entry("total", "TOTAL"),
            Map.entry("items", "item"),
            Map.entry("test", "HALAMAN UJI"),
            Map.entry("printer", "Printer"),
            Map.entry("model", "Model"),
            Map.entry("width", "Kertas"),
            Map.entry("connection", "Koneksi"),
            Map.entry("printed", "Dicetak"),
            Map.entry("customer", "Pelanggan"),
            Map.entry("scan", "Pindai untuk struk Anda"));

    private PrintTexts() {}

    static Map<String, String> of(String language) {
        return "id".equals(language) ? ID : EN;
    }

    /** Both tables have the same keys (checked by a test). */
    static Map<String, Map<String, String>> all() {
        return Map.of("en", EN, "id", ID);
    }
}
