package id.dapur.edge.agent.kitchen;

import id.dapur.edge.config.MenuConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long an item takes to cook: the menu's {@code prepTime}, else the kitchen's
 * {@code kitchen.load.defaultPrepTime}. With {@code learnPrepTimes}, the median of the last
 * {@value #WINDOW} measured cook times of a sku takes over once there are {@value #MIN_SAMPLES} of
 * them (a cook time: from when its line was started, or fired, or created, to when it was bumped
 * READY). Learned times live in memory and are learned again after a restart. Thread-safe.
 */
public final class PrepTimes {
    static final int WINDOW = 20;
    static final int MIN_SAMPLES = 5;
    private final MenuConfig menu;
    private final Duration fallback;
    private final boolean learn;
    private final Map<String, Deque<Long>> samples = new ConcurrentHashMap<>();

    public PrepTimes(MenuConfig menu, Duration fallback, boolean learn) {
        this.menu = menu;
        this.fallback = fallback;
        this.learn = learn;
    }

    public Duration of(String sku) {
        if (sku != null) {
            if (learn) {
                Duration learned = learned(sku);
                if (learned != null) {
                    return learned;
                }
            }
            Duration configured = menu.item(sku).map(MenuConfig.Item::prepTime).orElse(null);
            if (configured != null) {
                return configured;
            }
        }
        return fallback;
    }

    /** A measured cook time of {@code sku}; ignored unless learning, and when absurd (under 5 s or over 4 h). */
    public void observed(String sku, Duration took) {
        if (!learn || sku == null || took.toSeconds() < 5 || took.toHours() >= 4) {
            return;
        }
        Deque<Long> d = samples.computeIfAbsent(sku, k -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(took.toMillis());
            while (d.size() > WINDOW) {
                d.removeFirst();
            }
        }
    }

    /** The median of the recent samples, or null with fewer than {@value #MIN_SAMPLES}. */
    Duration learned(String sku) {
        Deque<Long> d = samples.get(sku);
        if (d == null) {
            return null;
        }
        long[] v;
        synchronized (d) {
            if (d.size() < MIN_SAMPLES) {
                return null;
            }
            v = d.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(v);
        return Duration.ofMillis(v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
    }
}
