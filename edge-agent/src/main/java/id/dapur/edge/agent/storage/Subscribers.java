package id.dapur.edge.agent.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hears what a commit published, by type, in the order they subscribed. One that throws is
 * logged and counted; the commit stands and the others are still told.
 */
final class Subscribers {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Subscriber<T>(Class<T> type, Consumer<List<T>> consumer) {}

    private final List<Subscriber<?>> subscribers = new CopyOnWriteArrayList<>();
    private final LongAdder failures = new LongAdder();

    <T> void add(Class<T> type, Consumer<List<T>> consumer) {
        subscribers.add(new Subscriber<>(type, consumer));
    }

    /** After a commit: each subscriber gets the publications of its type, if there are any. */
    void tell(List<Object> published) {
        if (!published.isEmpty()) {
            for (Subscriber<?> sub : subscribers) {
                tell(sub, published);
            }
        }
    }

    private <T> void tell(Subscriber<T> sub, List<Object> published) {
        List<T> mine = new ArrayList<>();
        for (Object p : published) {
            if (sub.type().isInstance(p)) {
                mine.add(sub.type().cast(p));
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        try {
            sub.consumer().accept(mine);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.error(
                    "after a commit, telling of its {} failed; the commit stands [error: {}]",
                    sub.type().getSimpleName(),
                    e.toString(),
                    e);
        }
    }

    long failures() {
        return failures.sum();
    }
}
