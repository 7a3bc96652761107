package id.dapur.edge.devices.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.config.GpioConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Pi4J's mock plugin stands in for the header: the same state changes and events a real pin gives. */
class Pi4jBoardTest {
    private static final GpioConfig CONFIG = new GpioConfig(
            "mock",
            List.of(
                    new GpioConfig.Output("buzzer", 17, "buzzer", false),
                    new GpioConfig.Output("red", 22, "light-red", true)),
            List.of(
                    new GpioConfig.Input(
                            "walk-in", "Walk-in door", 5, "door", "up", false, Duration.ZERO, Duration.ofMinutes(5)),
                    new GpioConfig.Input(
                            "ack", "Ack", 6, "ack-button", "up", true, Duration.ZERO, Duration.ofMinutes(5))));

    @Test
    void outputsFollowTheirPolarity() {
        try (GpioBoard board = GpioBoard.create(CONFIG)) {
            assertThat(board.outputs()).isEqualTo(Map.of("buzzer", false, "red", false));
            board.set("buzzer", true);
            board.set("red", true);
            assertThat(board.outputs()).isEqualTo(Map.of("buzzer", true, "red", true));
            board.set("red", false);
            assertThat(board.outputs()).containsEntry("red", false);
            assertThatThrownBy(() -> board.set("siren", true)).hasMessageContaining("no GPIO output 'siren'");
        }
    }

    @Test
    void inputEventsAreToldAsActiveOrNot() {
        try (GpioBoard board = GpioBoard.create(CONFIG)) {
            List<String> events = new CopyOnWriteArrayList<>();
            board.onInput((id, active) -> events.add(id + "=" + active));
            board.simulate("walk-in", true);
            board.simulate("ack", true);
            board.simulate("ack", false);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
            assertThat(events).containsExactly("walk-in=true", "ack=true", "ack=false");
            assertThat(board.inputs()).containsEntry("walk-in", true).containsEntry("ack", false);
        }
    }
}
