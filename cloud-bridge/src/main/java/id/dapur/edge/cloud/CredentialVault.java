package id.dapur.edge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.config.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps the device credential encrypted at rest: AES-256-GCM with a random key in
 * {@code <dir>/device.key} (owner read/write only), the sealed credential in
 * {@code <dir>/credential.json}, the outlet id bound in as associated data. Both files are written
 * to a temporary name, forced to disk, then renamed, so a power cut leaves the old credential or the
 * new one, never half of one. A copied database or backup of the credential file alone reveals
 * nothing; someone holding the whole card holds the key too (docs/cloud-api.md says what would do
 * better: a TPM or secure element).
 */
public final class CredentialVault {
    private static final String KEY = "device.key";
    private static final String FILE = "credential.json";
    private static final int NONCE = 12;
    private final Path dir;
    private final String outletId;
    private final SecureRandom random = new SecureRandom();

    public CredentialVault(Path dir, String outletId) {
        this.dir = dir;
        this.outletId = outletId;
    }

    /** The stored credential, if any. Blocking (file I/O): call from a worker. */
    public Optional<Credential> load() throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        JsonNode n = HttpCloudClient.JSON.readTree(f.toFile());
        byte[] nonce = Base64.getDecoder().decode(n.path("nonce").asText(""));
        byte[] sealed = Base64.getDecoder().decode(n.path("sealed").asText(""));
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key(false), "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(outletId.getBytes(StandardCharsets.UTF_8));
            String token = new String(c.doFinal(sealed), StandardCharsets.UTF_8);
            return Optional.of(new Credential(n.path("deviceId").asText(), new Secret(token)));
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "the stored credential cannot be decrypted (wrong key or outlet, or the file was altered): " + f);
        }
    }

    /** Seals and stores the credential, replacing the old one atomically. Blocking. */
    public void store(Credential credential) throws IOException {
        Files.createDirectories(dir);
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(true), "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(outletId.getBytes(StandardCharsets.UTF_8));
            sealed = c.doFinal(credential.token().reveal().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the credential: " + e.getMessage(), e);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("deviceId", credential.deviceId());
        doc.put("cipher", "AES-256-GCM");
        doc.put("nonce", Base64.getEncoder().encodeToString(nonce));
        doc.put("sealed", Base64.getEncoder().encodeToString(sealed));
        DurableFiles.writeAtomically(dir.resolve(FILE), HttpCloudClient.write(doc));
    }

    private byte[] key(boolean create) throws IOException {
        Path k = dir.resolve(KEY);
        if (Files.isRegularFile(k)) {
            byte[] key = Files.readAllBytes(k);
            if (key.length != 32) {
                throw new IOException(k + " is not a 256-bit key");
            }
            return key;
        }
        if (!create) {
            throw new IOException("the key " + k + " is missing");
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            Files.createFile(k, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return key(false);
        } catch (UnsupportedOperationException e) {
            Files.createFile(k); // not a POSIX file system
        }
        try (FileChannel ch = FileChannel.open(k, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(key));
            ch.force(true);
        }
        return key;
    }
}
