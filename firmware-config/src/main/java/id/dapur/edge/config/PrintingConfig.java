package id.dapur.edge.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How tickets and receipts look and where the ones without a station printer go (an extension of
 * the contract, documented in docs/printing.md). Every key is optional.
 *
 * @param language         en or id; default: {@code kitchen.language}
 * @param fallbackPrinter  prints the tickets of stations whose screens are down and that have no printer
 *                         of their own; default: the first printer; {@code none}: such tickets are not printed
 * @param receiptPrinter   where customer receipts go when the request names no printer; default: none
 * @param header           receipt header lines; default: the outlet id
 * @param footer           receipt footer lines
 * @param qrUrl            receipt QR code link, {@code {orderId}} replaced; default: no QR code
 * @param currency         printed before amounts; default Rp
 * @param logo             a PNG printed at the top of receipts; default: none
 */
public record PrintingConfig(
        String language,
        String fallbackPrinter,
        String receiptPrinter,
        List<String> header,
        List<String> footer,
        String qrUrl,
        String currency,
        Path logo) {
    public static final String NONE = "none";
    private static final Pattern LINE = Pattern.compile("[^\\p{Cntrl}]{0,48}");

    public PrintingConfig {
        header = List.copyOf(header);
        footer = List.copyOf(footer);
    }

    static PrintingConfig read(ConfigNode n, String kitchenLanguage) {
        String language = n.string("language", kitchenLanguage);
        if (!KitchenConfig.LANGUAGES.contains(language)) {
            n.problem("language", "must be one of " + String.join(", ", KitchenConfig.LANGUAGES));
            language = kitchenLanguage;
        }
        Pattern id = Pattern.compile("|" + DevicesConfig.ID.pattern());
        String fallback = blankToNull(n.matching("fallbackPrinter", "", id, "a printer id"));
        String receipt = blankToNull(n.matching("receiptPrinter", "", id, "a printer id"));
        List<String> header = n.stringList("header", LINE, "a line of at most 48 printable characters");
        List<String> footer = n.stringList("footer", LINE, "a line of at most 48 printable characters");
        String qr = n.string("qrUrl", null);
        if (qr != null && (!qr.matches("https?://\\S{1,400}"))) {
            n.problem("qrUrl", "must be an http(s) URL without spaces, e.g. https://example.com/r/{orderId}");
        }
        String currency = n.matching("currency", "Rp", Pattern.compile("[^\\p{Cntrl}]{1,4}"), "1-4 characters");
        String logoText = n.string("logo", null);
        Path logo = null;
        if (logoText != null) {
            logo = Path.of(logoText);
            if (!Files.isReadable(logo) || !logoText.toLowerCase(Locale.ROOT).endsWith(".png")) {
                n.problem("logo", "must be a readable .png file, got '" + logoText + "'");
            }
        }
        return new PrintingConfig(language, fallback, receipt, header, footer, qr, currency, logo);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
