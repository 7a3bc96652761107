package id.dapur.edge.cloud;

import id.dapur.edge.config.CloudConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * How reachable the cloud is, shared by every bridge call: a circuit breaker (resilience4j: opens after
 * {@code retry.breakerFailures} failed calls in a row, lets one trial call through after
 * {@code retry.breakerOpenFor}, ± 50% at random), exponential backoff with jitter for the next attempt, and since when
 * calls have been failing (for {@code CLOUD_UNREACHABLE}). Only failures a retry can help with
 * (network, 408, 429, 5xx) count against the cloud; a 4xx is this agent's problem. Thread-safe.
 */
public final class Reachability {
    private final CircuitBreaker breaker;
    private final IntervalFunction backoff;
    private final Clock clock;
    private volatile Instant failingSince;
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private final List<Runnable> recovered = new CopyOnWriteArrayList<>();

    public Reachability(CloudConfig.Retry retry, Clock clock) {
        this.clock = clock;
        int n = retry.breakerFailures();
        this.breaker = CircuitBreaker.of(
                "cloud",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(n)
                        .minimumNumberOfCalls(n)
                        .failureRateThreshold(100)
                        // the open state lasts breakerOpenFor ± 50%, drawn anew each time: outlets that lost the cloud
                        // in the same
                        // second (its outage) drift apart while it lasts, instead of all trying again in the same
                        // second when it is
                        // back (fleet-sim showed the herd: docs/PERFORMANCE.md, "A fleet through an outage")
                        .waitIntervalFunctionInOpenState(IntervalFunction.ofRandomized(
                                retry.breakerOpenFor().toMillis(), 0.5))
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .build());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                retry.initial().toMillis(), 2.0, 0.5, retry.max().toMillis());
    }

    /** Whether a call may go out now; if so, report it with {@link #succeeded}, {@link #failed} or {@link #released}. */
    public boolean permits() {
        return breaker.tryAcquirePermission();
    }

    public void succeeded(long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        boolean back = failingSince != null;
        failingSince = null;
        lastSuccess = clock.instant();
        if (back) {
            recovered.forEach(Runnable::run);
        }
    }

    /**
     * Runs {@code listener} (on the thread of the call that succeeded) each time the cloud answers again
     * after calls had been failing: loops backing off after an outage can try again now instead of at
     * the end of a backoff that may have grown to {@code retry.max}.
     */
    public void onRecovered(Runnable listener) {
        recovered.add(listener);
    }

    /** A call failed; returns how long to wait before the next attempt (attempt counts from 1). */
    public Duration failed(long nanos, Throwable error, int attempt) {
        CloudException e = error instanceof CloudException c ? c : CloudException.network(String.valueOf(error));
        lastError = e.toString();
        if (e.retryable()) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
            if (failingSince == null) {
                failingSince = clock.instant();
            }
        } else {
            breaker.releasePermission();
        }
        Duration wait = Duration.ofMillis(backoff.apply(Math.max(1, attempt)));
        return e.retryAfter() != null && e.retryAfter().compareTo(wait) > 0 ? e.retryAfter() : wait;
    }

    /** A permitted call was not made after all. */
    public void released() {
        breaker.releasePermission();
    }

    /** How long until the breaker lets a trial call through (zero when closed). */
    public Duration retryIn() {
        return breaker.getState() == CircuitBreaker.State.OPEN
                ? Duration.ofMillis(Math.max(
                        10,
                        breaker.getCircuitBreakerConfig()
                                .getWaitIntervalFunctionInOpenState()
                                .apply(1)))
                : Duration.ZERO;
    }

    /** {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    public String breakerState() {
        return breaker.getState().name();
    }

    /** Since when calls have been failing without a success in between; null while the cloud answers. */
    public Instant failingSince() {
        return failingSince;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public String lastError() {
        return lastError;
    }
}
