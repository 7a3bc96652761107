package id.dapur.edge.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A kitchen station: the categories of items it cooks. An {@code expo} station claims no categories
 * and sees every order. {@code amberAfter}/{@code redAfter} (null: the kitchen's) colour its tickets
 * by age; {@code keys} map its keyboard or bump bar; with {@code pacing} its lines of one order and
 * course are fired by prep time so that they finish together.
 */
public record StationConfig(
        String id,
        String name,
        List<String> categories,
        boolean expo,
        Duration amberAfter,
        Duration redAfter,
        ScreenKeys keys,
        boolean pacing) {
    static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");
    static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9 _.-]{1,64}");

    public StationConfig {
        categories = List.copyOf(categories);
    }

    /** A station with the kitchen's colours and the default keys. */
    public StationConfig(String id, String name, List<String> categories, boolean expo) {
        this(id, name, categories, expo, null, null, ScreenKeys.defaultKeys(), false);
    }

    static StationConfig read(ConfigNode n) {
        String id = n.matching("id", null, ID, "1-32 characters of a-z, 0-9 and '-'");
        String name = n.string("name", id);
        boolean expo = n.bool("expo", false);
        List<String> categories =
                n.stringList("categories", CATEGORY, "a category of 1-64 letters, digits, ' ', '_', '.', '-'");
        if (expo && !categories.isEmpty()) {
            n.problem("categories", "an expo station sees every order and claims no categories");
        }
        Duration amber = n.duration("amberAfter", null, Duration.ofSeconds(10), Duration.ofHours(4));
        Duration red = n.duration("redAfter", null, Duration.ofSeconds(10), Duration.ofHours(4));
        ScreenKeys keys = n.object("keys", ScreenKeys::read);
        boolean pacing = n.bool("pacing", false);
        if (pacing && expo) {
            n.problem("pacing", "an expo station cooks nothing to pace");
        }
        return id == null ? null : new StationConfig(id, name, categories, expo, amber, red, keys, pacing);
    }
}
