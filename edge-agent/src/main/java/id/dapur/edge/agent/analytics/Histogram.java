package id.dapur.edge.agent.analytics;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Counts of whole seconds, for exact nearest-rank percentiles that can be merged across days. Kept
 * as (value, count) pairs, compacted on demand; stored as varints, values delta-encoded ascending.
 */
final class Histogram {
    private int[] values = new int[16];
    private long[] counts = new long[16];
    private int n;
    private boolean compact = true;
    private long total;

    void add(int value, long count) {
        if (n == values.length) {
            if (!compact) {
                compact();
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
                counts = Arrays.copyOf(counts, n * 2);
            }
        }
        if (compact && n > 0 && values[n - 1] >= value) {
            compact = false; // out of order or repeated: sorted and merged when read
        }
        values[n] = value;
        counts[n] = count;
        n++;
        total += count;
    }

    void addAll(Histogram h) {
        h.compact();
        for (int i = 0; i < h.n; i++) {
            add(h.values[i], h.counts[i]);
        }
    }

    long total() {
        return total;
    }

    /** Sorts by value and merges equal values. */
    void compact() {
        if (compact) {
            return;
        }
        long[] order = new long[n]; // value (never negative) above, index below: one primitive sort
        for (int i = 0; i < n; i++) {
            order[i] = ((long) values[i] << 32) | i;
        }
        Arrays.sort(order);
        int[] nv = new int[Math.max(16, n)];
        long[] nc = new long[Math.max(16, n)];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = (int) order[k];
            if (m > 0 && nv[m - 1] == values[i]) {
                nc[m - 1] += counts[i];
            } else {
                nv[m] = values[i];
                nc[m] = counts[i];
                m++;
            }
        }
        values = nv;
        counts = nc;
        n = m;
        compact = true;
    }

    /** The smallest value that at least {@code p} of the counts are at or below (PERCENTILE_DISC); null when empty. */
    Integer percentile(double p) {
        if (total == 0) {
            return null;
        }
        compact();
        long rank = Math.max(1, (long) Math.ceil(p * total - 1e-9));
        long seen = 0;
        for (int i = 0; i < n; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return values[i];
            }
        }
        return values[n - 1];
    }

    byte[] encode() {
        compact();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 3 + 2);
        varint(out, n);
        int prev = 0;
        for (int i = 0; i < n; i++) {
            varint(out, values[i] - prev);
            varint(out, counts[i]);
            prev = values[i];
        }
        return out.toByteArray();
    }

    static Histogram decode(byte[] b) {
        Histogram h = new Histogram();
        int[] pos = {0};
        int m = (int) readVarint(b, pos);
        int prev = 0;
        for (int i = 0; i < m; i++) {
            prev += (int) readVarint(b, pos);
            h.add(prev, readVarint(b, pos));
        }
        return h;
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] b, int[] pos) {
        long v = 0;
        int shift = 0;
        while (true) {
            int x = b[pos[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }
}
