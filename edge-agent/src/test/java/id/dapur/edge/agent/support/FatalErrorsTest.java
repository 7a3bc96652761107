package id.dapur.edge.agent.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {
    @Test
    void theHeapWatchdogWatchesTheOldGenerationAndNeverASurvivorSpace() {
        // a survivor space is often 100% full after a young collection under a burst; that must not halt the agent
        assertThat(ManagementFactory.getMemoryPoolMXBeans())
                .filteredOn(FatalErrors::isOldGeneration)
                .extracting(MemoryPoolMXBean::getName)
                .hasSize(1)
                .allSatisfy(n -> assertThat(n.toLowerCase()).containsAnyOf("old", "tenured"));
        assertThat(ManagementFactory.getMemoryPoolMXBeans())
                .filteredOn(p -> p.getName().toLowerCase().contains("survivor"))
                .noneMatch(FatalErrors::isOldGeneration);
    }
}
