package id.dapur.edge.devices.printer;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PrinterModelTest {

    @Test
    void everyModelTheConfigAcceptsHasADriverAndViceVersa() {
        assertThat(Arrays.stream(PrinterModel.values()).map(PrinterModel::id))
                .containsExactlyElementsOf(PrinterConfig.MODELS);
    }

    @Test
    void theConfigAcceptsThePaperEachModelTakes() {
        for (PrinterModel m : PrinterModel.values()) {
            assertThat(PrinterConfig.WIDTHS.get(m.id())).as(m.id()).isEqualTo(m.widths());
        }
    }

    @Test
    void everyModelStartsOnPc437LikeAfterEscAt() {
        for (PrinterModel m : PrinterModel.values()) {
            assertThat(m.codePages().get(0)).isEqualTo(CodePage.PC437);
        }
    }
}
