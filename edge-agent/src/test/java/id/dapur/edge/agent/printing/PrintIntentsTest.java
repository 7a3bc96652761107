package id.dapur.edge.agent.printing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrintIntentsTest {
    @TempDir
    Path dir;

    @Test
    void recordsSurviveReopeningAndATornLastRecordIsIgnored() throws Exception {
        try (PrintIntents i = PrintIntents.open(dir)) {
            assertThat(i.recorded()).isEmpty();
            i.record(7);
            i.record(9);
        }
        Files.write(
                dir.resolve("print-intents.log"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, StandardOpenOption.APPEND);
        try (PrintIntents i = PrintIntents.open(dir)) {
            assertThat(i.recorded()).containsExactlyInAnyOrder(7L, 9L);
        }
    }

    @Test
    void aRecordWhoseCheckDoesNotMatchIsIgnored() throws Exception {
        ByteBuffer b =
                ByteBuffer.allocate(32).putLong(5).putLong(~5L).putLong(6).putLong(6);
        Files.write(dir.resolve("print-intents.log"), b.array());
        try (PrintIntents i = PrintIntents.open(dir)) {
            assertThat(i.recorded()).containsExactly(5L);
        }
    }

    @Test
    void resetKeepsOnlyWhatIsStillInFlightAndTheFileStaysUsable() throws Exception {
        try (PrintIntents i = PrintIntents.open(dir)) {
            for (long id = 1; id <= 4096; id++) {
                i.record(id);
            }
            assertThat(i.full()).isTrue();
            i.reset(List.of(4095L, 4096L));
            assertThat(i.full()).isFalse();
            i.record(5000);
        }
        assertThat(Files.size(dir.resolve("print-intents.log"))).isEqualTo(48);
        try (PrintIntents i = PrintIntents.open(dir)) {
            assertThat(i.recorded()).containsExactlyInAnyOrder(4095L, 4096L, 5000L);
        }
    }
}
