package id.dapur.edge.agent.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the agent makes up and prints for a person to type (the sandbox's and the demo's accounts
 * and tokens): 144 random bits, URL-safe, and never starting with '-', which a command line would take
 * for an option ({@code pos.py --password -abc...} failed so).
 */
public final class PrintedSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrintedSecrets() {}

    public static String make() {
        byte[] b = new byte[18];
        String s;
        do {
            RANDOM.nextBytes(b);
            s = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        } while (s.startsWith("-"));
        return s;
    }
}
