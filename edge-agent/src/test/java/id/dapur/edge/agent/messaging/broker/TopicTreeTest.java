package id.dapur.edge.agent.messaging.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Topic matching as MQTT 3.1.1 section 4.7 has it, in the index and in the one-off matcher alike. */
class TopicTreeTest {
    private final TopicTree<String> tree = new TopicTree<>();

    private Map<String, Integer> match(String topic) {
        return tree.match(topic);
    }

    @Test
    void wildcardsMatchAsTheSpecificationSays() {
        tree.add("sport/tennis/player1/#", "a", 1);
        tree.add("sport/+/player1", "b", 1);
        tree.add("+/+", "c", 0);
        tree.add("#", "d", 2);
        tree.add("/+", "e", 1);
        assertThat(match("sport/tennis/player1")).containsOnlyKeys("a", "b", "d");
        assertThat(match("sport/tennis/player1/ranking")).containsOnlyKeys("a", "d");
        assertThat(match("sport/tennis")).containsOnlyKeys("c", "d");
        assertThat(match("/finance")).containsOnlyKeys("c", "d", "e");
        for (String[] c : new String[][] {
            {"sport/tennis/player1/#", "sport/tennis/player1"},
            {"sport/+/player1", "sport/x/player1"},
            {"+/+", "/finance"},
            {"#", "a/b/c"},
            {"/+", "/finance"}
        }) {
            assertThat(TopicTree.matches(c[0], c[1])).as(c[0] + " ~ " + c[1]).isTrue();
        }
        assertThat(TopicTree.matches("sport/+", "sport/tennis/x")).isFalse();
        assertThat(TopicTree.matches("sport/+", "sport")).isFalse();
    }

    @Test
    void filtersThatStartWithAWildcardDoNotMatchDollarTopics() {
        tree.add("#", "all", 0);
        tree.add("+/+", "two", 0);
        tree.add("$SYS/#", "sys", 0);
        tree.add("$TopicA/+", "dollar", 0);
        assertThat(match("$SYS/broker/x")).containsOnlyKeys("sys");
        assertThat(match("$TopicA/B")).containsOnlyKeys("dollar");
        assertThat(TopicTree.matches("+/+", "$TopicA/B")).isFalse();
        assertThat(TopicTree.matches("#", "$SYS/x")).isFalse();
        assertThat(TopicTree.matches("$SYS/#", "$SYS/x")).isTrue();
    }

    @Test
    void aSubscriberWithOverlappingFiltersIsMatchedOnceAtItsHighestQos() {
        tree.add("a/#", "s", 2);
        tree.add("a/+", "s", 1);
        assertThat(match("a/b")).containsExactly(Map.entry("s", 2));
    }

    @Test
    void removingASubscriptionLeavesTheOthers() {
        tree.add("a/b", "s", 1);
        tree.add("a/b", "t", 1);
        tree.add("a/#", "s", 1);
        tree.remove("a/b", "s");
        assertThat(match("a/b")).containsOnlyKeys("s", "t");
        tree.remove("a/#", "s");
        assertThat(match("a/b")).containsOnlyKeys("t");
        tree.remove("a/b", "t");
        assertThat(match("a/b")).isEmpty();
    }

    @Test
    void validFilters() {
        for (String ok : new String[] {"#", "+", "a/#", "+/b/#", "/", "a//b", "$SYS/#"}) {
            assertThat(TopicTree.valid(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"", "a/#/b", "a#", "a/b+", "#/a", "a/+b"}) {
            assertThat(TopicTree.valid(bad)).as(bad).isFalse();
        }
    }
}
