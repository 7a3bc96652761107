package id.dapur.edge.config;

import java.util.Locale;
import java.util.Set;

/**
 * What makes a password or token too weak to guard the kitchen LAN (ETSI EN 303 645 5.1): too short,
 * too few different characters, a run or sequence ("123456789012", "aaaaaaaaaaaa"), a well-known
 * password, or too little entropy for its alphabet. The reason never contains the secret itself.
 */
public final class SecretPolicy {
    /** Bits a secret must carry, estimated as length × log2(alphabet of the character classes it uses). */
    static final double MIN_BITS = 50;

    static final int MIN_DISTINCT = 6;
    private static final Set<String> KNOWN_BAD = Set.of(
            "password",
            "passw0rd",
            "p@ssw0rd",
            "changeme",
            "change-me",
            "default",
            "secret",
            "letmein",
            "welcome",
            "qwerty",
            "qwertyuiop",
            "asdfghjkl",
            "iloveyou",
            "admin",
            "administrator",
            "root",
            "toor",
            "guest",
            "mosquitto",
            "moquette",
            "dapur",
            "kitchen",
            "restaurant",
            "rahasia",
            "sandi",
            "katasandi");

    private SecretPolicy() {}

    /** Why {@code value} is too weak (never echoing it), or null if it is acceptable. */
    public static String weakness(String value, int minLength) {
        if (value.length() < minLength) {
            return "must be at least " + minLength + " characters";
        }
        if (value.chars().distinct().count() < MIN_DISTINCT) {
            return "must use at least " + MIN_DISTINCT + " different characters";
        }
        String core = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z@]+$", "").replaceAll("^[^a-z@]+", "");
        if (KNOWN_BAD.contains(value.toLowerCase(Locale.ROOT)) || KNOWN_BAD.contains(core)) {
            return "is a well-known password";
        }
        if (isSequence(value)) {
            return "is a run or a sequence of characters";
        }
        if (bits(value) < MIN_BITS) {
            return "is too easy to guess (about " + Math.round(bits(value)) + " bits; use at least " + (int) MIN_BITS
                    + ", e.g. 16 random letters and digits)";
        }
        return null;
    }

    /** Each character the previous one plus the same step (0, +1 or -1) for most of the secret. */
    static boolean isSequence(String v) {
        int same = 0;
        for (int i = 2; i < v.length(); i++) {
            int d1 = v.charAt(i) - v.charAt(i - 1);
            int d0 = v.charAt(i - 1) - v.charAt(i - 2);
            if (d1 == d0 && Math.abs(d1) <= 1) {
                same++;
            }
        }
        return same >= (v.length() - 2) * 0.7;
    }

    static double bits(String v) {
        int pool = 0;
        if (v.chars().anyMatch(c -> c >= 'a' && c <= 'z')) {
            pool += 26;
        }
        if (v.chars().anyMatch(c -> c >= 'A' && c <= 'Z')) {
            pool += 26;
        }
        if (v.chars().anyMatch(Character::isDigit)) {
            pool += 10;
        }
        if (v.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) {
            pool += 33;
        }
        return v.length() * (Math.log(Math.max(pool, 2)) / Math.log(2));
    }
}
