package id.dapur.edge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.config.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialVaultTest {
    static final String TOKEN = "tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    @TempDir
    Path dir;

    @Test
    void theCredentialIsStoredEncryptedAndReadBack() throws Exception {
        // GIVEN a vault for outlet jkt-01
        CredentialVault vault = new CredentialVault(dir, "jkt-01");
        assertThat(vault.load()).isEmpty();

        // WHEN a credential is stored
        vault.store(new Credential("dev-1", new Secret(TOKEN)));

        // THEN it reads back, the file never holds the token in clear, and the key is the owner's only
        Credential back = new CredentialVault(dir, "jkt-01").load().orElseThrow();
        assertThat(back.deviceId()).isEqualTo("dev-1");
        assertThat(back.token().reveal()).isEqualTo(TOKEN);
        String file = Files.readString(dir.resolve("credential.json"));
        assertThat(file).contains("AES-256-GCM").doesNotContain(TOKEN).doesNotContain("tok-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("device.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.size(dir.resolve("device.key"))).isEqualTo(32);
        assertThat(back.token().toString()).doesNotContain(TOKEN);
    }

    @Test
    void anAlteredFileOrAnotherOutletCannotDecryptIt() throws Exception {
        CredentialVault vault = new CredentialVault(dir, "jkt-01");
        vault.store(new Credential("dev-1", new Secret(TOKEN)));

        // another outlet id is bound in as associated data
        assertThatThrownBy(() -> new CredentialVault(dir, "sby-02").load())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot be decrypted");

        // one flipped character of the sealed text
        String file = Files.readString(dir.resolve("credential.json"));
        int at = file.indexOf("\"sealed\":\"") + 12;
        char c = file.charAt(at);
        Files.writeString(
                dir.resolve("credential.json"),
                file.substring(0, at) + (c == 'A' ? 'B' : 'A') + file.substring(at + 1));
        assertThatThrownBy(vault::load).isInstanceOf(IOException.class).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void rotationReplacesTheCredentialWholeAndKeepsTheKey() throws Exception {
        CredentialVault vault = new CredentialVault(dir, "jkt-01");
        vault.store(new Credential("dev-1", new Secret(TOKEN)));
        byte[] key = Files.readAllBytes(dir.resolve("device.key"));
        vault.store(new Credential("dev-1", new Secret("tok-new-0000000000000000000000000")));
        assertThat(vault.load().orElseThrow().token().reveal()).isEqualTo("tok-new-0000000000000000000000000");
        assertThat(Files.readAllBytes(dir.resolve("device.key"))).isEqualTo(key);
        assertThat(Files.exists(dir.resolve("credential.json.tmp"))).isFalse();
    }
}
