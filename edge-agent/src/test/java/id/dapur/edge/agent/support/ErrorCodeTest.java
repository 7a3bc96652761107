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

    @Test
    void eachCodeSaysWhatAnMqttSenderHears() {
        assertThat(ErrorCode.INVALID_ORDER.mqttAnswer()).isEqualTo(ErrorCode.MqttAnswer.REJECTED);
        assertThat(ErrorCode.ORDER_CONFLICT.mqttAnswer()).isEqualTo(ErrorCode.MqttAnswer.REJECTED);
        assertThat(ErrorCode.STORAGE_UNAVAILABLE.mqttAnswer())
                .as("the POS resends")
                .isEqualTo(ErrorCode.MqttAnswer.NONE_RESEND);
        assertThat(ErrorCode.INTAKE_CLOSED.mqttAnswer()).isEqualTo(ErrorCode.MqttAnswer.NONE_RESEND);
        assertThat(ErrorCode.INVALID_TEMPERATURE.mqttAnswer()).isEqualTo(ErrorCode.MqttAnswer.DEAD_LETTER);
        for (ErrorCode c : ErrorCode.values()) {
            ErrorCode.MqttAnswer expected = c.deadLetterOnly()
                    ? ErrorCode.MqttAnswer.DEAD_LETTER
                    : c.retryable() ? ErrorCode.MqttAnswer.NONE_RESEND : ErrorCode.MqttAnswer.REJECTED;
            assertThat(c.mqttAnswer()).as(c.name()).isEqualTo(expected);
        }
    }
}
