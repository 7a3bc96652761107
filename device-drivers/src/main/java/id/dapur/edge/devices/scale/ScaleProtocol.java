package id.dapur.edge.devices.scale;

import java.time.Instant;

/**
 * A scale's serial dialect: what to send to ask for a weight (or nothing, for scales that stream), how
 * frames end, and how to read one. Implementations are stateless and thread-safe.
 */
public interface ScaleProtocol {

    /** Creates the protocol named in config ({@code toledo-8217}, {@code mt-sics}, {@code cas}). */
    static ScaleProtocol of(String name, String unit) {
        try {
            return switch (name) {
                case "toledo-8217" -> new Toledo8217(WeightUnit.parse(unit));
                case "mt-sics" -> new MtSics();
                case "cas" -> new CasContinuous();
                default ->
                    throw new IllegalArgumentException(
                            "scale protocol '" + name + "' is not supported by this version");
            };
        } catch (ScaleFrameException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    String name();

    /** The bytes that ask for the current weight; null when the scale streams frames on its own. */
    byte[] weightRequest();

    /** The bytes that tare (zero) the scale; null when the protocol has no such command. */
    byte[] tareRequest();

    byte[] zeroRequest();

    /** The byte every frame ends with (after which a frame is complete). */
    byte frameEnd();

    /** Reads a weight frame (without its end byte); garbage and error replies throw with the reason. */
    ScaleReading parse(byte[] frame, Instant at) throws ScaleFrameException;

    /** Whether the scale answers tare and zero (else the next weight shows whether it took them). */
    default boolean answersCommands() {
        return true;
    }

    /** Reads the reply to a tare or zero command; throws with the scale's reason if it refused. */
    default void commandAccepted(byte[] frame) throws ScaleFrameException {}
}
