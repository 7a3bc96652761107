package id.dapur.edge.agent.bench;

import java.util.Arrays;

/** Percentiles of a sample of latencies in nanoseconds, reported in milliseconds. */
record Stats(int n, double p50, double p99, double max) {
    static Stats of(long[] nanos) {
        if (nanos.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Stats(
                s.length,
                ms(s[(int) (s.length * 0.50)]),
                ms(s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)]),
                ms(s[s.length - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms", n, p50, p99, max);
    }
}
