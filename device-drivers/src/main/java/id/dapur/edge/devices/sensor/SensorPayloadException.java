package id.dapur.edge.devices.sensor;

/** A sensor payload that cannot be read, and why: a {@link Code} the agent dead-letters it with. */
public final class SensorPayloadException extends Exception {
    /** Why a payload was refused. */
    public enum Code {
        INVALID_AVAILABILITY,
        INVALID_ENCODING,
        INVALID_JSON,
        INVALID_PAYLOAD,
        INVALID_TEMPERATURE,
        INVALID_TIMESTAMP,
        MISSING_UNIT,
        NO_TEMPERATURE,
        OUT_OF_RANGE,
        PAYLOAD_TOO_LARGE,
        SENSOR_FAULT,
        UNKNOWN_UNIT
    }

    private final Code code;

    public SensorPayloadException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
