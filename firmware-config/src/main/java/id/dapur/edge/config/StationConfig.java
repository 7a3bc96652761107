package id.dapur.edge.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A kitchen station: the categories of items it cooks. An {@code expo} station claims no categories
 * and sees every order.
 */
public record StationConfig(String id, String name, List<String> categories, boolean expo) {
    static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");
    static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9 _.-]{1,64}");

    public StationConfig {
        categories = List.copyOf(categories);
    }

    static StationConfig read(ConfigNode n) {
        String id = n.matching("id", null, ID, "1-32 characters of a-z, 0-9 and '-'");
        String name = n.string("name", id);
        boolean expo = n.bool("expo", false);
        List<String> categories = n.stringList("categories", CATEGORY, "a category of 1-64 letters, digits, ' ', '_', '.', '-'");
        if (expo && !categories.isEmpty()) {
            n.problem("categories", "an expo station sees every order and claims no categories");
        }
        return id == null ? null : new StationConfig(id, name, categories, expo);
    }
}
