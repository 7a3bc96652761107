package id.dapur.edge.config;

import java.time.Duration;

/**
 * The ready board at the pickup counter: its language ({@code en}, {@code id}), how long
 * a ready order stays up when nobody marks it served ({@code readyFor}), and whether it chimes when an
 * order turns ready.
 */
public record BoardConfig(String language, Duration readyFor, boolean chime, String title) {
    static BoardConfig read(ConfigNode n, String kitchenLanguage) {
        String language = n.string("language", kitchenLanguage);
        if (!KitchenConfig.LANGUAGES.contains(language)) {
            n.problem("language", "must be one of " + String.join(", ", KitchenConfig.LANGUAGES));
            language = "en";
        }
        Duration readyFor = n.duration("readyFor", Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofHours(4));
        boolean chime = n.bool("chime", true);
        String title = n.string("title", null);
        if (title != null && (title.length() > 64 || title.chars().anyMatch(Character::isISOControl))) {
            n.problem("title", "must be at most 64 printable characters");
            title = null;
        }
        return new BoardConfig(language, readyFor, chime, title);
    }
}
