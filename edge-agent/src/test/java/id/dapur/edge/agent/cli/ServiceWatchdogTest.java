package id.dapur.edge.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The service watchdog feeds systemd only while healthy, and says what is wrong once per problem. */
class ServiceWatchdogTest {
    @Test
    void fedWhileHealthyNotFedWhileStuckAndSaidOnce() {
        List<String> sent = new ArrayList<>();
        AtomicReference<String> problem = new AtomicReference<>();
        ServiceWatchdog w = new ServiceWatchdog(sent::add, problem::get);
        w.tick();
        w.tick();
        assertThat(sent).containsExactly("WATCHDOG=1", "WATCHDOG=1");
        sent.clear();
        problem.set("held work for 12 s without committing");
        w.tick();
        w.tick();
        w.tick();
        assertThat(sent)
                .as("not fed; the reason once")
                .containsExactly("STATUS=unhealthy: held work for 12 s without committing");
        sent.clear();
        problem.set(null);
        w.tick();
        assertThat(sent).containsExactly("STATUS=serving", "WATCHDOG=1");
    }

    @Test
    void aFailingHealthCheckIsNotHealthy() {
        List<String> sent = new ArrayList<>();
        ServiceWatchdog w = new ServiceWatchdog(sent::add, () -> {
            throw new IllegalStateException("boom");
        });
        w.tick();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).startsWith("STATUS=unhealthy: health check failed");
    }
}
