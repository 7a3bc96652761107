package id.dapur.edge.agent.support;

/**
 * Every code the agent refuses something with, anywhere: an HTTP error answer, a REJECTED order
 * event, a screen action's result, a dead letter. Each carries the HTTP status it always answers
 * with (0: never an HTTP answer, only a dead letter) and whether trying again can help
 * (server-side trouble) or cannot (the input is wrong), and so what an MQTT sender hears. The contract's list of error codes
 * (contract/README.md, the Error schema) is this enum; a test keeps them equal.
 */
public enum ErrorCode {
    INVALID_JSON(400, false),
    NOT_UTF8(400, false),
    INVALID_BODY(400, false),
    INVALID_QUERY(400, false),
    UNAUTHORIZED(401, false),
    WRONG_PIN(401, false),
    FORBIDDEN(403, false),
    FORBIDDEN_STATION(403, false),
    NOT_FOUND(404, false),
    UNKNOWN_ORDER(404, false),
    UNKNOWN_TICKET(404, false),
    UNKNOWN_STATION(404, false),
    UNKNOWN_PRINTER(404, false),
    UNKNOWN_SCALE(404, false),
    UNKNOWN_ALERT(404, false),
    NO_CLOUD(404, false),
    METHOD_NOT_ALLOWED(405, false),
    ORDER_CONFLICT(409, false),
    ACTION_CONFLICT(409, false),
    ACTION_NOT_ALLOWED(409, false),
    NOT_READY(409, false),
    SERVED_AT_EXPO(409, false),
    NOT_AT_EXPO(409, false),
    RECALL_WINDOW_PASSED(409, false),
    TICKET_VOIDED(409, false),
    NOTHING_TO_ACKNOWLEDGE(409, false),
    COURSE_HELD(409, false),
    NOTHING_HELD(409, false),
    WASTE_CONFLICT(409, false),
    ALREADY_ACKNOWLEDGED(409, false),
    NO_PRINTER(409, false),
    SCALE_UNSTABLE(409, false),
    SCALE_OVERLOAD(409, false),
    SCALE_NEGATIVE(409, false),
    SCALE_REFUSED(409, false),
    NOT_SUPPORTED(409, false),
    PAYLOAD_TOO_LARGE(413, false),
    INVALID_ORDER(422, false),
    INVALID_VOID(422, false),
    INVALID_ACTION(422, false),
    INVALID_AVAILABILITY(422, false),
    INVALID_SHOWN(422, false),
    INVALID_WASTE(422, false),
    INVALID_STAFF(422, false),
    UNKNOWN_LINE(422, false),
    UNKNOWN_SKU(422, false),
    UNKNOWN_STAFF(422, false),
    TOO_MANY_FAILED_LOGINS(429, true),
    STAFF_LOCKED(429, true),
    INTERNAL(500, false),
    STORAGE_UNAVAILABLE(503, true),
    INTAKE_CLOSED(503, true),
    INTERNAL_ERROR(503, true),
    SCALE_OFFLINE(503, true),
    // dead letters only: what a sensor or an MQTT client sent that could not be taken
    UNKNOWN_SENSOR(0, false),
    WRONG_FORMAT(0, false),
    INVALID_ENCODING(0, false),
    INVALID_PAYLOAD(0, false),
    INVALID_TEMPERATURE(0, false),
    INVALID_TIMESTAMP(0, false),
    MISSING_UNIT(0, false),
    UNKNOWN_UNIT(0, false),
    NO_TEMPERATURE(0, false),
    OUT_OF_RANGE(0, false),
    SENSOR_FAULT(0, false),
    SUPPRESSED(0, false);

    private final int httpStatus;
    private final boolean retryable;

    ErrorCode(int httpStatus, boolean retryable) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /** The status of an HTTP answer with this code; 0 for a code that only a dead letter carries (answered 422 if it ever is). */
    public int httpStatus() {
        return httpStatus == 0 ? 422 : httpStatus;
    }

    /** Whether sending the same again, later, can succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** What a client that sent over MQTT hears when refused with a code. */
    public enum MqttAnswer {
        /** A {@code REJECTED} event on the order's events topic, with the code: sending the same again will not help. */
        REJECTED,
        /** No answer: the trouble is the agent's, and the POS sends the same order id again until an answer comes. */
        NONE_RESEND,
        /** Nothing is published; the message is kept as a dead letter (sensor readings, screen actions). */
        DEAD_LETTER
    }

    /** What an MQTT sender hears when refused with this code (the contract's resend rule). */
    public MqttAnswer mqttAnswer() {
        if (httpStatus == 0) {
            return MqttAnswer.DEAD_LETTER;
        }
        return retryable ? MqttAnswer.NONE_RESEND : MqttAnswer.REJECTED;
    }

    /** Whether only dead letters carry it. */
    public boolean deadLetterOnly() {
        return httpStatus == 0;
    }
}
