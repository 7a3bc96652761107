package id.dapur.edge.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.contract.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    final AgentMetrics metrics = new AgentMetrics();
    final LoginLimiter limiter = new LoginLimiter(clock, metrics);

    @Test
    void tenFailuresInAMinuteLockTheAddressOutForAMinuteOnEveryListener() {
        List<LoginLimiter.Lockout> lockouts = new ArrayList<>();
        limiter.onLockout(lockouts::add);
        for (int i = 0; i < LoginLimiter.MAX_FAILURES - 1; i++) {
            limiter.failed("10.0.0.9", "mqtt", "sensor-1", "bad password");
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(limiter.lockedFor("10.0.0.9", "mqtt")).isZero();
        limiter.failed("10.0.0.9", "mqtt", "sensor-1", "bad password");
        assertThat(lockouts).singleElement().satisfies(l -> {
            assertThat(l.address()).isEqualTo("10.0.0.9");
            assertThat(l.until()).isEqualTo(clock.instant().plus(LoginLimiter.LOCKOUT));
        });
        assertThat(limiter.lockedFor("10.0.0.9", "http")).isEqualTo(60);
        assertThat(limiter.lockedFor("10.0.0.10", "http")).as("another address").isZero();
        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.lockedFor("10.0.0.9", "mqtt")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.lockedFor("10.0.0.9", "mqtt")).isZero();
        assertThat(metrics.scrape())
                .contains("dapur_login_lockouts_total{listener=\"mqtt\"} 1.0")
                .contains("dapur_login_failures_total{listener=\"mqtt\"} 10.0");
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotLockOut() {
        for (int i = 0; i < 30; i++) {
            limiter.failed("10.0.0.9", "http", "token", "unknown token");
            clock.advance(Duration.ofSeconds(7));
        }
        assertThat(limiter.lockedFor("10.0.0.9", "http")).isZero();
    }

    @Test
    void aLockOutIsReportedOnceAndResumesCountingAfterwards() {
        List<LoginLimiter.Lockout> lockouts = new ArrayList<>();
        limiter.onLockout(lockouts::add);
        for (int i = 0; i < 25; i++) {
            limiter.failed("10.0.0.9", "http", "token", "unknown token");
        }
        assertThat(lockouts).hasSize(1);
        clock.advance(LoginLimiter.LOCKOUT);
        for (int i = 0; i < LoginLimiter.MAX_FAILURES; i++) {
            limiter.failed("10.0.0.9", "http", "token", "unknown token");
        }
        assertThat(lockouts).hasSize(2);
    }

    @Test
    void trackedAddressesAreBounded() {
        for (int i = 0; i < LoginLimiter.MAX_ADDRESSES * 2; i++) {
            limiter.failed("10.1." + (i / 256) + "." + (i % 256), "mqtt", "x", "bad");
        }
        assertThat(limiter.tracked()).isLessThanOrEqualTo(LoginLimiter.MAX_ADDRESSES);
    }
}
