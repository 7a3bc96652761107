package id.dapur.edge.config;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A cook's PIN as it is configured and kept: never the PIN, only a slow salted hash,
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>} (PBKDF2-HMAC-SHA256 from the JDK,
 * 16-byte salt, 32-byte hash). The iterations travel with the hash, so the back office can raise
 * them without an agent update; {@link #ITERATIONS} is what {@link #of} uses (about 0.1 s on a
 * laptop core, 0.4 s on a Raspberry Pi 4). PINs are 4-12 digits.
 */
public final class PinHash {
    public static final int ITERATIONS = 210_000;
    static final int MIN_ITERATIONS = 10_000;
    static final int MAX_ITERATIONS = 5_000_000;
    public static final Pattern PIN = Pattern.compile("[0-9]{4,12}");
    private static final Pattern FORMAT =
            Pattern.compile("pbkdf2-sha256\\$([0-9]{1,7})\\$([A-Za-z0-9+/=]{16,64})\\$([A-Za-z0-9+/=]{43,44})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PinHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a PIN with a fresh salt (for the CLI and the back office). */
    public static String of(String pin, int iterations) {
        if (!PIN.matcher(pin).matches()) {
            throw new IllegalArgumentException("a PIN is 4-12 digits");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(pin, salt, iterations));
    }

    /** Parses the stored form; empty message when well-formed, else what is wrong. */
    static String problem(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return "must be pbkdf2-sha256$<iterations>$<salt>$<hash> (make one with: dapur-edge hash-pin)";
        }
        int it = Integer.parseInt(m.group(1));
        if (it < MIN_ITERATIONS || it > MAX_ITERATIONS) {
            return "iterations must be " + MIN_ITERATIONS + "-" + MAX_ITERATIONS;
        }
        return "";
    }

    public static PinHash parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PIN hash");
        }
        return new PinHash(
                Integer.parseInt(m.group(1)),
                Base64.getDecoder().decode(m.group(2)),
                Base64.getDecoder().decode(m.group(3)));
    }

    /** Whether the PIN matches (constant time in the hash); slow by design: call from a worker. */
    public boolean matches(String pin) {
        if (pin == null || !PIN.matcher(pin).matches()) {
            return false;
        }
        return MessageDigest.isEqual(hash, derive(pin, salt, iterations));
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "PinHash[" + iterations + " iterations]"; // never the hash: it can be brute-forced offline
    }
}
