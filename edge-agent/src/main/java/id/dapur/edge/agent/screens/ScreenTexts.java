package id.dapur.edge.agent.screens;

import java.util.Map;

/**
 * Texts of the pages the agent renders itself (pairing problems, unknown station), in the kitchen's
 * language: English or Bahasa Indonesia. The live screen's own texts are in kds-assets/i18n.js.
 */
final class ScreenTexts {
    private static final Map<String, Map<String, String>> TEXTS = Map.of(
            "en",
                    Map.of(
                            "stations.title", "Kitchen screens",
                            "stations.body",
                                    "<p>Open a station's screen with the pairing link your manager gave you.</p>",
                            "unknown.title", "No such station",
                            "unknown.body", "<p>There is no station <b>%s</b> at this outlet.</p><p>Stations: %s</p>",
                            "token.title", "This screen is not paired",
                            "token.body",
                                    "<p>The token in this link is not valid for the <b>%s</b> screen.</p>"
                                            + "<p>Ask the outlet manager for this station's pairing link, then open it on this screen once.</p>"),
            "id",
                    Map.of(
                            "stations.title", "Layar dapur",
                            "stations.body", "<p>Buka layar stasiun dengan tautan pemasangan dari manajer Anda.</p>",
                            "unknown.title", "Stasiun tidak ada",
                            "unknown.body", "<p>Tidak ada stasiun <b>%s</b> di outlet ini.</p><p>Stasiun: %s</p>",
                            "token.title", "Layar ini belum terpasang",
                            "token.body",
                                    "<p>Token pada tautan ini tidak berlaku untuk layar <b>%s</b>.</p>"
                                            + "<p>Mintalah tautan pemasangan stasiun ini kepada manajer outlet, lalu buka sekali di layar ini.</p>"));

    private final String language;
    private final Map<String, String> texts;

    ScreenTexts(String language) {
        this.language = language;
        this.texts = TEXTS.getOrDefault(language, TEXTS.get("en"));
    }

    String get(String key) {
        return texts.get(key);
    }

    /** A text with its {@code %s} filled by already-escaped values. */
    String format(String key, Object... escapedArgs) {
        return String.format(texts.get(key), escapedArgs);
    }

    /** A whole small page: a heading and an already-escaped body. */
    String page(String title, String bodyHtml) {
        return "<!doctype html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title><link rel=\"stylesheet\" href=\"" + KitchenScreens.ASSETS
                + "kds.css\">"
                + "</head><body class=\"notice\"><main class=\"notice-box\"><h1>" + Html.escape(title) + "</h1>"
                + bodyHtml
                + "</main></body></html>";
    }
}
