package id.dapur.edge.devices.scale;

import id.dapur.edge.devices.scale.ScaleReading.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CAS continuous output, the 22-byte frame the scale streams on its own: header 1 ({@code ST} stable,
 * {@code US} unstable, {@code OL} overload), {@code ,}, header 2 ({@code GS} gross, {@code NT} net),
 * {@code ,}, sign, a 9-character right-aligned weight, a 4-character right-aligned unit, CR LF; for
 * example {@code ST,GS,+    1.234  kg\r\n}. Nothing is sent to the scale; tare and zero are its keys.
 */
public final class CasContinuous implements ScaleProtocol {
    static final int FRAME_LENGTH = 22;
    private static final Pattern FRAME =
            Pattern.compile("(ST|US|OL),(GS|NT),([+-]) *([0-9]+(?:\\.[0-9]+)?) *([a-z]{1,2})\r");

    @Override
    public String name() {
        return "cas";
    }

    @Override
    public byte[] weightRequest() {
        return null;
    }

    @Override
    public byte[] tareRequest() {
        return null;
    }

    @Override
    public byte[] zeroRequest() {
        return null;
    }

    @Override
    public byte frameEnd() {
        return '\n';
    }

    @Override
    public ScaleReading parse(byte[] frame, Instant at) throws ScaleFrameException {
        String text = new String(frame, StandardCharsets.US_ASCII);
        if (frame.length != FRAME_LENGTH - 1) {
            throw new ScaleFrameException("a CAS frame is " + FRAME_LENGTH + " bytes, got " + (frame.length + 1) + ": '"
                    + Toledo8217.printable(text) + "'");
        }
        Matcher m = FRAME.matcher(text);
        if (!m.matches()) {
            throw new ScaleFrameException("not a CAS frame: '" + Toledo8217.printable(text) + "'");
        }
        double grams = WeightUnit.parse(m.group(5)).toGrams(Double.parseDouble(m.group(4)));
        if (m.group(3).equals("-")) {
            grams = -grams;
        }
        State state = switch (m.group(1)) {
            case "ST" -> State.STABLE;
            case "OL" -> State.OVERLOAD;
            default -> State.MOTION;
        };
        return new ScaleReading(grams, state, at);
    }

    CasContinuous() {}

    /** Formats a frame as the scale sends it: {@code header} ST, US or OL, {@code value} in {@code unit} (used by the simulator). */
    public static String frame(String header, double value, String unit) {
        String sign = value < 0 ? "-" : "+";
        return String.format(
                Locale.ROOT,
                "%s,GS,%s%9s%4s\r\n",
                header,
                sign,
                String.format(Locale.ROOT, "%.3f", Math.abs(value)),
                unit);
    }
}
