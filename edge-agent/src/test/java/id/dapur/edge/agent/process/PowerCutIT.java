package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.bench.PowerCutBench;
import id.dapur.edge.agent.testsupport.AgentProcess;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ten power cuts under load on powercutfs, in CI (docs/durability.md; {@code scripts/bench.sh powercut N}
 * runs more). Every order ACCEPTED before a cut is there after it, with its tickets, and the database
 * opens every time. Fails with how to install FUSE's tools if they are missing.
 */
class PowerCutIT {
    @Test
    @Timeout(600)
    void everyAcceptedOrderSurvivesTenPowerCuts() throws Exception {
        PowerCutBench.Result r =
                PowerCutBench.run(10, List.of("clean", "torn", "reorder"), System.nanoTime(), AgentProcess.jar());
        assertThat(r.failed()).as("cycles failed (see the lines above)").isZero();
        assertThat(r.passed()).isEqualTo(10);
    }
}
