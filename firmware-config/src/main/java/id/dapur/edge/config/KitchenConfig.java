package id.dapur.edge.config;

import java.time.Duration;
import java.util.List;

/**
 * Kitchen behaviour shared by every station (extensions of the contract; see docs/configuration.md):
 * the recall window, the screens' language and default age colours, and how long a station may be
 * without any connected screen before its new tickets are also printed, and how soon a screen must
 * have shown a new ticket before it goes to paper ({@code shownWithin}).
 */
public record KitchenConfig(
        Duration recallWindow,
        String language,
        Duration amberAfter,
        Duration redAfter,
        Duration printWhenScreensDownAfter,
        Duration shownWithin,
        Load load) {

    /**
     * Kitchen load: an item's prep time is the menu's, else {@code defaultPrepTime}; with
     * {@code learnPrepTimes} the recent bump times of each sku take over once there are enough of them.
     * The quote (minutes until a new order would be ready) gives the level: BUSY from {@code busyAt},
     * SLAMMED from {@code slammedAt}. {@code parallel}: how many items a station cooks at once.
     */
    public record Load(
            Duration defaultPrepTime, boolean learnPrepTimes, Duration busyAt, Duration slammedAt, int parallel) {
        static Load read(ConfigNode n) {
            Duration prep =
                    n.duration("defaultPrepTime", Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofHours(4));
            boolean learn = n.bool("learnPrepTimes", false);
            Duration busy = n.duration("busyAt", Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(12));
            Duration slammed =
                    n.duration("slammedAt", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(12));
            if (slammed.compareTo(busy) <= 0) {
                n.problem("slammedAt", "must be later than busyAt (" + Durations.format(busy) + ")");
            }
            int parallel = n.integer("parallel", 4, 1, 50);
            return new Load(prep, learn, busy, slammed, parallel);
        }
    }

    public static final List<String> LANGUAGES = List.of("en", "id");

    static KitchenConfig read(ConfigNode n) {
        Duration recall = n.duration("recallWindow", Duration.ofMinutes(15), Duration.ZERO, Duration.ofHours(12));
        String language = n.string("language", "en");
        if (!LANGUAGES.contains(language)) {
            n.problem("language", "must be one of " + String.join(", ", LANGUAGES) + " (English, Bahasa Indonesia)");
            language = "en";
        }
        Duration amber = n.duration("amberAfter", Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofHours(4));
        Duration red = n.duration("redAfter", Duration.ofMinutes(8), Duration.ofSeconds(10), Duration.ofHours(4));
        if (red.compareTo(amber) <= 0) {
            n.problem("redAfter", "must be later than amberAfter (" + Durations.format(amber) + ")");
        }
        Duration print =
                n.duration("printWhenScreensDownAfter", Duration.ofMinutes(2), Duration.ZERO, Duration.ofHours(12));
        Duration shown = n.duration("shownWithin", Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofHours(1));
        Load load = n.object("load", Load::read);
        return new KitchenConfig(recall, language, amber, red, print, shown, load);
    }
}
