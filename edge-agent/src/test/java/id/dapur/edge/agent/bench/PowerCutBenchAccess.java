package id.dapur.edge.agent.bench;

import java.io.IOException;
import java.nio.file.Path;

/** The power-cut harness's control, for tests in other packages. */
public final class PowerCutBenchAccess {
    private PowerCutBenchAccess() {}

    /** Cuts the power of the powercutfs mounted at {@code mnt}: {@code clean}, {@code torn} or {@code reorder}. */
    public static String cut(Path mnt, String mode, int seed) throws IOException {
        return PowerCutBench.cut(mnt, mode, seed);
    }
}
