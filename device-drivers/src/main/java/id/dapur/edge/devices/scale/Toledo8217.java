package id.dapur.edge.devices.scale;

import id.dapur.edge.devices.scale.ScaleReading.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mettler Toledo 8217 (the POS scale protocol many scales imitate): {@code W} asks for the weight; a
 * settled weight comes back as {@code STX ww.www CR}; otherwise {@code STX ? <status> CR} where the
 * status byte's bit 0 is motion, bit 1 over capacity, bit 2 under zero. The frame has no unit: the
 * scale is set to one, and config says which. {@code T} tares, {@code Z} zeroes.
 */
final class Toledo8217 implements ScaleProtocol {
    static final byte STX = 0x02;
    static final byte CR = 0x0D;
    private static final Pattern WEIGHT = Pattern.compile(" *(-?[0-9]{1,6}(?:\\.[0-9]{1,4})?)N?");
    private final WeightUnit unit;

    Toledo8217(WeightUnit unit) {
        this.unit = unit;
    }

    @Override
    public String name() {
        return "toledo-8217";
    }

    @Override
    public byte[] weightRequest() {
        return new byte[] {'W'};
    }

    @Override
    public byte[] tareRequest() {
        return new byte[] {'T'};
    }

    @Override
    public byte[] zeroRequest() {
        return new byte[] {'Z'};
    }

    @Override
    public boolean answersCommands() {
        return false;
    }

    @Override
    public byte frameEnd() {
        return CR;
    }

    @Override
    public ScaleReading parse(byte[] frame, Instant at) throws ScaleFrameException {
        int start = indexOf(frame, STX);
        if (start < 0) {
            throw new ScaleFrameException("no STX in a " + frame.length + "-byte frame");
        }
        if (frame.length - start == 3 && frame[start + 1] == '?') {
            int s = frame[start + 2] & 0xFF;
            State st = (s & 0x02) != 0
                    ? State.OVERLOAD
                    : (s & 0x04) != 0 ? State.NEGATIVE : (s & 0x01) != 0 ? State.MOTION : null;
            if (st == null) {
                throw new ScaleFrameException("status byte 0x" + Integer.toHexString(s) + " without a weight");
            }
            return new ScaleReading(0, st, at);
        }
        String text = new String(frame, start + 1, frame.length - start - 1, StandardCharsets.US_ASCII);
        Matcher m = WEIGHT.matcher(text);
        if (!m.matches()) {
            throw new ScaleFrameException("not a Toledo 8217 weight: '" + printable(text) + "'");
        }
        return new ScaleReading(unit.toGrams(Double.parseDouble(m.group(1))), State.STABLE, at);
    }

    static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
            if (sb.length() > 40) {
                break;
            }
        }
        return sb.toString();
    }
}
