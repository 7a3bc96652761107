package id.dapur.edge.devices.printer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;

/**
 * A printout's picture against its reference PNG in the test resources, dot for dot. The picture is
 * also written to {@code target/screenshots} (the screenshots in docs come from there), so a change
 * can be looked at before its reference is replaced.
 */
final class ReferenceImages {
    private ReferenceImages() {}

    static void assertMatches(BufferedImage printed, String reference) throws IOException {
        Path shots = Files.createDirectories(Paths.get(System.getProperty("screenshots.dir", "target/screenshots")));
        ImageIO.write(printed, "png", shots.resolve(reference).toFile());
        try (InputStream in = ReferenceImages.class.getResourceAsStream(reference)) {
            assertThat(in)
                    .as("reference image " + reference + " in the test resources")
                    .isNotNull();
            BufferedImage expected = ImageIO.read(in);
            assertThat(printed.getWidth()).as("width").isEqualTo(expected.getWidth());
            assertThat(printed.getHeight()).as("height").isEqualTo(expected.getHeight());
            int differing = 0;
            for (int y = 0; y < printed.getHeight(); y++) {
                for (int x = 0; x < printed.getWidth(); x++) {
                    if ((printed.getRGB(x, y) & 0xFFFFFF) != (expected.getRGB(x, y) & 0xFFFFFF)) {
                        differing++;
                    }
                }
            }
            assertThat(differing)
                    .as("dots that differ from " + reference + " (the printout is in " + shots.resolve(reference) + ")")
                    .isZero();
        }
    }
}
