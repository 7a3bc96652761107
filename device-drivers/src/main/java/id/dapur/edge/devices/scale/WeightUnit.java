package id.dapur.edge.devices.scale;

import java.util.Locale;

/** Units scales weigh in, converted to grams explicitly (never guessed). */
public enum WeightUnit {
    G(1),
    KG(1000),
    LB(453.59237),
    MG(0.001);

    private final double grams;

    WeightUnit(double grams) {
        this.grams = grams;
    }

    public double toGrams(double value) {
        return Math.round(value * grams * 1000) / 1000.0;
    }

    /** Grams expressed in this unit (what a scale set to it shows). */
    public double fromGrams(double g) {
        return g / grams;
    }

    /** The unit named by a frame or the config ({@code g}, {@code kg}, {@code lb}, {@code mg}), else throws. */
    public static WeightUnit parse(String text) throws ScaleFrameException {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "g" -> G;
            case "kg" -> KG;
            case "lb" -> LB;
            case "mg" -> MG;
            default -> throw new ScaleFrameException("unit '" + text.trim() + "' is not supported (g, kg, lb, mg)");
        };
    }
}
