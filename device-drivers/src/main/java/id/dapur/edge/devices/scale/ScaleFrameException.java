package id.dapur.edge.devices.scale;

/** A frame from the scale that is not a weight: garbage on the line, a wrong baud rate, an error reply. */
public final class ScaleFrameException extends Exception {
    public ScaleFrameException(String message) {
        super(message);
    }
}
