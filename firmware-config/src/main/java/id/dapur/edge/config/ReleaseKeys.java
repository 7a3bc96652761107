package id.dapur.edge.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Release signatures (docs/fleet.md): Ed25519 through the JDK over a short manifest that names the
 * version and the SHA-256 of the jar, so a signature cannot be moved to another file or another
 * version number. Keys are base64: a public key as its 32 raw bytes or its X.509 encoding, a private
 * key as PKCS#8.
 */
public final class ReleaseKeys {
    /** Versions as releases name them: 1.4.2, 1.4.2-rc1, 0.1.0-SNAPSHOT. */
    public static final Pattern VERSION = Pattern.compile("[0-9]{1,4}(\\.[0-9]{1,6}){1,3}(-[A-Za-z0-9.]{1,32})?");

    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The fixed DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410). */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private ReleaseKeys() {}

    /** The bytes a release's signature covers. */
    public static byte[] manifest(String version, String sha256) {
        return ("dapur-edge release\nversion " + version + "\nsha256 " + sha256.toLowerCase(Locale.ROOT) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Null when the text is a usable public key, else what is wrong with it. */
    public static String problem(String base64) {
        try {
            publicKey(base64);
            return null;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return "is not an Ed25519 public key (" + e.getMessage() + ")";
        }
    }

    public static PublicKey publicKey(String base64) throws GeneralSecurityException {
        byte[] b = Base64.getDecoder().decode(base64.trim());
        if (b.length == 32) {
            byte[] der = new byte[X509_PREFIX.length + 32];
            System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
            System.arraycopy(b, 0, der, X509_PREFIX.length, 32);
            b = der;
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(b));
    }

    /** True when one of the keys signed this version with this SHA-256. */
    public static boolean verify(List<String> trustedKeys, String version, String sha256, String signatureBase64) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signatureBase64.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (sig.length != 64) {
            return false;
        }
        for (String k : trustedKeys) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(publicKey(k));
                s.update(manifest(version, sha256));
                if (s.verify(sig)) {
                    return true;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a key that does not parse verifies nothing; the configuration refuses such keys
            }
        }
        return false;
    }

    /** Signs a release manifest; the private key is base64 PKCS#8 (from {@link #generate()}). */
    public static String sign(String privateKeyBase64, String version, String sha256) throws GeneralSecurityException {
        PrivateKey key = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64.trim())));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(manifest(version, sha256));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** A new key pair: {private PKCS#8 base64, public X.509 base64}. */
    public static String[] generate() throws GeneralSecurityException {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return new String[] {
            Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()),
            Base64.getEncoder().encodeToString(kp.getPublic().getEncoded())
        };
    }

    /** Compares versions by their numbers, then a release above its pre-releases (1.2.0 > 1.2.0-rc1). */
    public static int compare(String a, String b) {
        String[] pa = a.split("-", 2);
        String[] pb = b.split("-", 2);
        String[] na = pa[0].split("\\.");
        String[] nb = pb[0].split("\\.");
        for (int i = 0; i < Math.max(na.length, nb.length); i++) {
            long x = i < na.length ? Long.parseLong(na[i]) : 0;
            long y = i < nb.length ? Long.parseLong(nb[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        if (pa.length != pb.length) {
            return pa.length == 1 ? 1 : -1;
        }
        return pa.length == 1 ? 0 : pa[1].compareTo(pb[1]);
    }
}
