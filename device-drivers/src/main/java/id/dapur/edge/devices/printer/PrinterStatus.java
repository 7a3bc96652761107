package id.dapur.edge.devices.printer;

/**
 * What a printer says about itself, decoded from the four {@code DLE EOT 1..4} answer bytes or an
 * Automatic Status Back block. {@link #state()} is the one word of the contract.
 */
public record PrinterStatus(
        boolean online,
        boolean coverOpen,
        boolean paperNearEnd,
        boolean paperOut,
        boolean cutterError,
        boolean unrecoverableError,
        String reason) {

    public enum State {
        READY,
        PAPER_LOW,
        PAPER_OUT,
        COVER_OPEN,
        OFFLINE,
        ERROR
    }

    public static PrinterStatus offline(String reason) {
        return new PrinterStatus(false, false, false, false, false, false, reason);
    }

    public static final PrinterStatus READY = new PrinterStatus(true, false, false, false, false, false, null);

    /** From the answers to {@code DLE EOT 1}, {@code 2}, {@code 3} and {@code 4}. */
    public static PrinterStatus fromRealTime(int printer, int offlineCause, int errorCause, int paperSensor) {
        for (int b : new int[] {printer, offlineCause, errorCause, paperSensor}) {
            if ((b & 0x93) != 0x12) {
                throw new IllegalArgumentException(String.format("not a real-time status byte: 0x%02X", b));
            }
        }
        boolean paperOut = (paperSensor & 0x60) != 0 || (offlineCause & 0x20) != 0;
        return new PrinterStatus(
                (printer & 0x08) == 0,
                (offlineCause & 0x04) != 0,
                (paperSensor & 0x0C) != 0,
                paperOut,
                (errorCause & 0x08) != 0,
                (errorCause & 0x20) != 0,
                null);
    }

    /** From a 4-byte Automatic Status Back block. */
    public static PrinterStatus fromAsb(byte[] b) {
        if (!isAsbHeader(b[0])) {
            throw new IllegalArgumentException(String.format("not an ASB block: 0x%02X", b[0]));
        }
        return new PrinterStatus(
                (b[0] & 0x08) == 0,
                (b[0] & 0x20) != 0,
                (b[2] & 0x03) != 0,
                (b[2] & 0x0C) != 0,
                (b[1] & 0x08) != 0,
                (b[1] & 0x20) != 0,
                null);
    }

    /**
     * From a Star automatic status block (the answer to {@code ESC ACK SOH}, or sent unasked): byte 3
     * bit 3 offline, bit 5 cover open; byte 4 bit 2 mechanical error, bit 3 auto-cutter error, bit 5
     * non-recoverable error, bit 6 stopped by head temperature; byte 6 bit 2 paper near end, bit 3
     * paper end.
     */
    public static PrinterStatus fromStarAsb(byte[] b) {
        if (!isStarAsbHeader(b[0]) || b.length != starAsbLength(b[0]) || b.length < 7) {
            throw new IllegalArgumentException(
                    String.format("not a Star status block: 0x%02X, %d bytes", b[0], b.length));
        }
        return new PrinterStatus(
                (b[2] & 0x08) == 0,
                (b[2] & 0x20) != 0,
                (b[5] & 0x04) != 0,
                (b[5] & 0x08) != 0,
                (b[3] & 0x08) != 0,
                (b[3] & 0x64) != 0,
                null);
    }

    /** Header 1 of a Star status block: bit 0 set, bits 4 and 7 clear. */
    public static boolean isStarAsbHeader(byte b) {
        return (b & 0x91) == 0x01 && starAsbLength(b) >= 7;
    }

    /** The length of a Star status block, header included, from header 1's bits 1–3 and 5. */
    public static int starAsbLength(byte header) {
        return (header >> 1 & 0x07) | (header >> 2 & 0x08);
    }

    /** The 9-byte Star status block a printer in this state sends (used by the simulator). */
    public byte[] starAsbBytes() {
        byte[] b = new byte[9];
        b[0] = 0x23; // header 1: 9 bytes
        b[1] = 0x06; // header 2: version
        b[2] = (byte) ((online ? 0 : 0x08) | (coverOpen ? 0x20 : 0));
        b[3] = (byte) ((cutterError ? 0x08 : 0) | (unrecoverableError ? 0x20 : 0));
        b[5] = (byte) ((paperNearEnd ? 0x04 : 0) | (paperOut ? 0x08 : 0));
        return b;
    }

    /** First byte of an ASB block: bits 0, 1 and 7 clear, bit 4 set. */
    public static boolean isAsbHeader(byte b) {
        return (b & 0x93) == 0x10;
    }

    /** A real-time status answer byte: bits 0 and 7 clear, bits 1 and 4 set. */
    public static boolean isRealTimeByte(byte b) {
        return (b & 0x93) == 0x12;
    }

    public State state() {
        if (!online && reason != null) {
            return State.OFFLINE;
        }
        if (unrecoverableError || cutterError) {
            return State.ERROR;
        }
        if (coverOpen) {
            return State.COVER_OPEN;
        }
        if (paperOut) {
            return State.PAPER_OUT;
        }
        if (!online) {
            return State.OFFLINE;
        }
        return paperNearEnd ? State.PAPER_LOW : State.READY;
    }

    /** Whether a job may be sent now: paper low still prints. */
    public boolean canPrint() {
        State s = state();
        return s == State.READY || s == State.PAPER_LOW;
    }

    /** The bytes a printer in this state answers to {@link EscPos#STATUS_QUERY} (used by the simulator). */
    public byte[] realTimeBytes() {
        int printer = 0x12 | (online ? 0 : 0x08);
        int offline =
                0x12 | (coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (cutterError || unrecoverableError ? 0x40 : 0);
        int error = 0x12 | (cutterError ? 0x08 : 0) | (unrecoverableError ? 0x20 : 0);
        int paper = 0x12 | (paperNearEnd ? 0x0C : 0) | (paperOut ? 0x60 : 0);
        return new byte[] {(byte) printer, (byte) offline, (byte) error, (byte) paper};
    }

    /** The ASB block a printer in this state sends (used by the simulator). */
    public byte[] asbBytes() {
        int b0 = 0x10 | (online ? 0 : 0x08) | (coverOpen ? 0x20 : 0);
        int b1 = (cutterError ? 0x08 : 0) | (unrecoverableError ? 0x20 : 0);
        int b2 = (paperNearEnd ? 0x03 : 0) | (paperOut ? 0x0C : 0);
        return new byte[] {(byte) b0, (byte) b1, (byte) b2, 0};
    }
}
