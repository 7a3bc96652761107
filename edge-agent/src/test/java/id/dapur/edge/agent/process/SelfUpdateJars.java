package id.dapur.edge.agent.process;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Small release jars for update tests: a manifest with the version, and some incompressible bytes. */
final class SelfUpdateJars {
    private SelfUpdateJars() {}

    static Path small(Path out, String version, int bytes) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        byte[] payload = new byte[bytes];
        new Random(bytes).nextBytes(payload);
        try (OutputStream os = Files.newOutputStream(out);
                JarOutputStream j = new JarOutputStream(os, m)) {
            j.putNextEntry(new ZipEntry("payload.bin"));
            j.write(payload);
            j.closeEntry();
        }
        return out;
    }
}
