package id.dapur.edge.agent.messaging.broker;

import java.util.HashMap;
import java.util.Map;

/**
 * Subscriptions indexed by topic filter, one tree node per level, so a PUBLISH is matched by walking
 * its topic's levels instead of testing every filter. Follows MQTT 3.1.1 section 4.7: {@code +}
 * matches one level, {@code #} the parent level and any below it, and a filter that starts with a
 * wildcard does not match a topic that starts with {@code $}. Not thread-safe: the broker's context
 * owns it.
 *
 * @param <S> the subscriber (a session)
 */
final class TopicTree<S> {
    private static final class Node<S> {
        final Map<String, Node<S>> children = new HashMap<>(4);
        /** Subscribers whose filter ends exactly here, with their QoS. */
        final Map<S, Integer> here = new HashMap<>(2);
        /** Subscribers whose filter is this node's path followed by {@code /#}. */
        final Map<S, Integer> below = new HashMap<>(2);

        boolean isEmpty() {
            return children.isEmpty() && here.isEmpty() && below.isEmpty();
        }
    }

    private final Node<S> root = new Node<>();

    /** Adds or replaces {@code subscriber}'s subscription to {@code filter} (a valid filter). */
    void add(String filter, S subscriber, int qos) {
        String[] levels = filter.split("/", -1);
        Node<S> n = root;
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals("#")) {
                n.below.put(subscriber, qos);
                return;
            }
            n = n.children.computeIfAbsent(levels[i], k -> new Node<>());
        }
        n.here.put(subscriber, qos);
    }

    void remove(String filter, S subscriber) {
        remove(root, filter.split("/", -1), 0, subscriber);
    }

    private boolean remove(Node<S> n, String[] levels, int i, S subscriber) {
        if (i < levels.length && levels[i].equals("#")) {
            n.below.remove(subscriber);
        } else if (i == levels.length) {
            n.here.remove(subscriber);
        } else {
            Node<S> child = n.children.get(levels[i]);
            if (child != null && remove(child, levels, i + 1, subscriber)) {
                n.children.remove(levels[i]);
            }
        }
        return n != root && n.isEmpty();
    }

    /**
     * Every subscriber with a filter that matches {@code topic}, with the highest QoS among its matching
     * filters (a client with overlapping subscriptions gets one copy, MQTT 3.1.1 section 3.3.5).
     */
    Map<S, Integer> match(String topic) {
        Map<S, Integer> out = new HashMap<>();
        match(root, topic.split("/", -1), 0, topic.startsWith("$"), out);
        return out;
    }

    private void match(Node<S> n, String[] levels, int i, boolean dollar, Map<S, Integer> out) {
        boolean wildcardsAllowed = !(dollar && i == 0);
        if (wildcardsAllowed) {
            n.below.forEach((s, q) -> out.merge(s, q, Math::max));
        }
        if (i == levels.length) {
            n.here.forEach((s, q) -> out.merge(s, q, Math::max));
            return;
        }
        Node<S> exact = n.children.get(levels[i]);
        if (exact != null) {
            match(exact, levels, i + 1, dollar, out);
        }
        Node<S> plus = wildcardsAllowed ? n.children.get("+") : null;
        if (plus != null) {
            match(plus, levels, i + 1, dollar, out);
        }
    }

    /** Does the valid filter {@code filter} match the topic name {@code topic}? (for retained messages) */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /**
     * Whether {@code filter} is a valid topic filter: not empty, {@code #} only alone as the last level,
     * {@code +} only alone in a level (MQTT 3.1.1 section 4.7.1).
     */
    static boolean valid(String filter) {
        if (filter.isEmpty()) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (l.contains("+") && !l.equals("+")) {
                return false;
            }
        }
        return true;
    }
}
