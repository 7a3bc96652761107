package id.dapur.edge.agent.support;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.devices.sensor.SensorPayloadException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void everyCodeASensorPayloadCanBeRefusedWithIsAnErrorCode() {
        assertThat(Arrays.stream(SensorPayloadException.Code.values()).map(Enum::name))
                .allSatisfy(name -> assertThat(ErrorCode.valueOf(name)).isNotNull());
    }

    @Test
    void whatCanBeRetriedIsAnswered503Or429AndNothingElseIs() {
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(c.retryable()).as(c.name()).isEqualTo(c.httpStatus() == 503 || c.httpStatus() == 429);
        }
    }
}
