package id.dapur.edge.agent.storage;

import static id.dapur.edge.agent.storage.RecordFormat.DEFLATED;

import java.util.zip.Deflater;

/** Writes a journal record's payload compressed (version 2, durability.md), reusing one compressor. */
final class RecordDeflater {
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private byte[] packed = new byte[16 * 1024];
    private int packedLength;

    /** The version-1 payload in {@code buffer} up to {@code length} as version 2, when that is smaller. */
    boolean deflate(byte[] buffer, int length) {
        int body = length - 1;
        int bound = 5 + body + body / 1000 + 64; // DEFLATE's worst case: stored blocks of 5 bytes per 64 KB
        if (packed.length < bound) {
            packed = new byte[Math.max(bound, packed.length * 2)];
        }
        packed[0] = DEFLATED;
        packed[1] = (byte) (body >>> 24);
        packed[2] = (byte) (body >>> 16);
        packed[3] = (byte) (body >>> 8);
        packed[4] = (byte) body;
        deflater.reset();
        deflater.setInput(buffer, 1, body);
        deflater.finish();
        int n = 5;
        while (!deflater.finished() && n < packed.length) {
            n += deflater.deflate(packed, n, packed.length - n);
        }
        if (!deflater.finished() || n >= length) {
            return false;
        }
        packedLength = n;
        return true;
    }

    byte[] bytes() {
        return packed;
    }

    int length() {
        return packedLength;
    }

    /** Frees the compressor's native memory. */
    void close() {
        deflater.end();
    }
}
