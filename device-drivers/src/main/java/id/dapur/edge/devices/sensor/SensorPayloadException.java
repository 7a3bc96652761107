package id.dapur.edge.devices.sensor;

/** A sensor payload that cannot be read; {@code code} is the contract error code for the dead letter. */
public final class SensorPayloadException extends Exception {
    private final String code;

    public SensorPayloadException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
