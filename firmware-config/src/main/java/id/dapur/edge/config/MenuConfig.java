package id.dapur.edge.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The outlet's menu as the kitchen needs it, usually synced from the cloud: which skus
 * exist (so an 86 of an unknown sku is refused), each item's prep time (kitchen load, pacing) and
 * its recipe card, and the modifiers a cook may mark sold out. Empty when not configured: then any
 * well-formed sku may be 86'd and prep times are the kitchen's default.
 */
public record MenuConfig(List<Item> items, List<String> modifiers) {
    public static final Pattern SKU = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Pattern TEXT = Pattern.compile("[^\\p{Cntrl}]{1,128}");

    public MenuConfig {
        items = List.copyOf(items);
        modifiers = List.copyOf(modifiers);
    }

    /**
     * An item: {@code prepTime} null means the kitchen's default; {@code recipe} null means none;
     * {@code unitCost} (a piece) and {@code costPerKg} (by weight), null when not known, price waste
     * in the outlet's currency.
     */
    public record Item(String sku, String name, Duration prepTime, Recipe recipe, Double unitCost, Double costPerKg) {
        public Item(String sku, String name, Duration prepTime, Recipe recipe) {
            this(sku, name, prepTime, recipe, null, null);
        }
    }

    /** A recipe card: ingredients with quantities, steps, a plating photo (a URL the agent caches) and allergens. */
    public record Recipe(List<Ingredient> ingredients, List<String> steps, String photo, List<String> allergens) {
        public Recipe {
            ingredients = List.copyOf(ingredients);
            steps = List.copyOf(steps);
            allergens = List.copyOf(allergens);
        }
    }

    public record Ingredient(String name, String qty) {}

    public static final MenuConfig NONE = new MenuConfig(List.of(), List.of());

    public Optional<Item> item(String sku) {
        return items.stream().filter(i -> i.sku().equals(sku)).findFirst();
    }

    /** Whether a menu is configured at all (then skus are checked against it). */
    public boolean catalogued() {
        return !items.isEmpty();
    }

    static MenuConfig read(ConfigNode n) {
        List<Item> items = n.list("items", MenuConfig::item);
        List<String> modifiers = n.stringList("modifiers", TEXT, "a modifier name of 1-128 characters");
        DapurConfig.unique(n, "items", items.stream().map(Item::sku).toList());
        return new MenuConfig(items, modifiers);
    }

    private static Item item(ConfigNode n) {
        String sku = n.matching("sku", null, SKU, "1-64 characters of A-Z a-z 0-9 . _ : -");
        String name = n.matching("name", null, TEXT, "a name of 1-128 characters");
        Duration prep = n.duration("prepTime", null, Duration.ofSeconds(10), Duration.ofHours(4));
        Recipe recipe = n.has("recipe") ? n.object("recipe", MenuConfig::recipe) : null;
        n.known("recipe");
        Double unitCost = n.decimal("unitCost", null, 0, 1e9);
        Double costPerKg = n.decimal("costPerKg", null, 0, 1e9);
        return sku == null || name == null ? null : new Item(sku, name, prep, recipe, unitCost, costPerKg);
    }

    private static Recipe recipe(ConfigNode n) {
        List<Ingredient> ingredients = n.list("ingredients", i -> {
            String name = i.matching("name", null, TEXT, "an ingredient of 1-128 characters");
            String qty = i.matching(
                    "qty",
                    "",
                    Pattern.compile("[^\\p{Cntrl}]{0,32}"),
                    "a quantity of at most 32 characters, like 120 g");
            return name == null ? null : new Ingredient(name, qty);
        });
        List<String> steps =
                n.stringList("steps", Pattern.compile("[^\\p{Cntrl}]{1,500}"), "a step of 1-500 characters");
        String photo = n.string("photo", null);
        if (photo != null && !photo.matches("https?://[^\\s]{1,500}")) {
            n.problem("photo", "must be an http(s) URL of the plating photo");
            photo = null;
        }
        List<String> allergens =
                n.stringList("allergens", Pattern.compile("[A-Za-z -]{1,32}"), "an allergen of 1-32 letters");
        if (ingredients.size() > 50 || steps.size() > 30) {
            n.problem("ingredients", "a recipe card holds at most 50 ingredients and 30 steps");
        }
        return new Recipe(ingredients, steps, photo, allergens);
    }
}
