package id.dapur.edge.devices.printer;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Star raster mode read back: the picture a job of {@link StarRaster}'s commands draws. */
public final class StarRasterImage {
    private StarRasterImage() {}

    /**
     * The picture a job of these commands draws, {@code dots} wide (for a printer that takes images
     * rather than commands: CloudPRNT's {@code image/png}); refuses bytes that are not this class's.
     */
    public static BufferedImage image(byte[] job, int dots) {
        List<byte[]> rows = new ArrayList<>();
        int i = 0;
        while (i < job.length) {
            int c = job[i] & 0xFF;
            if (c == 'b' && i + 2 < job.length) {
                int k = (job[i + 1] & 0xFF) | (job[i + 2] & 0xFF) << 8;
                require(i + 3 + k <= job.length && k <= dots / 8, "raster row cut short or wider than the paper");
                rows.add(Arrays.copyOfRange(job, i + 3, i + 3 + k));
                i += 3 + k;
            } else if (c == StarRaster.ESC && i + 1 < job.length && job[i + 1] == '@') {
                i += 2;
            } else if (c == StarRaster.ESC && i + 2 < job.length && job[i + 1] == 0x0C && job[i + 2] == 0) {
                i += 3;
            } else if (c == StarRaster.ESC && i + 3 < job.length && job[i + 1] == '*' && job[i + 2] == 'r') {
                int cmd = job[i + 3];
                i += 4;
                if (cmd == 'P' || cmd == 'Y') {
                    int n = 0;
                    for (; i < job.length && job[i] != 0; i++) {
                        require(job[i] >= '0' && job[i] <= '9', "raster parameter is not a number");
                        n = Math.min(100_000, n * 10 + (job[i] - '0'));
                    }
                    i++;
                    for (int r = 0; cmd == 'Y' && r < n; r++) {
                        rows.add(new byte[0]);
                    }
                } else {
                    require(
                            cmd == 'R' || cmd == 'A' || cmd == 'B',
                            "not a raster command: StarRaster.ESC * r " + (char) cmd);
                }
            } else {
                throw new IllegalArgumentException("byte " + c + " at " + i + " is not a raster command");
            }
        }
        return image(rows, dots);
    }

    /** Rows of dots as a picture {@code dots} wide (leftmost dot in the high bit; a short row is blank after its end). */
    public static BufferedImage image(List<byte[]> rows, int dots) {
        BufferedImage img = new BufferedImage(dots, Math.max(1, rows.size()), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < rows.size(); y++) {
            byte[] r = rows.get(y);
            for (int x = 0; x < dots; x++) {
                boolean ink = x / 8 < r.length && (r[x / 8] & (0x80 >> (x % 8))) != 0;
                img.setRGB(x, y, ink ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        return img;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
