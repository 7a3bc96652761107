package id.dapur.edge.devices.scale;

import id.dapur.edge.devices.scale.ScaleReading.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mettler Toledo Standard Interface Command Set, level 0: {@code S CR LF} → {@code S S <weight> <unit>}
 * (stable), {@code S D ...} (dynamic), {@code S I} (busy), {@code S +} / {@code S -} (over / under
 * range); {@code SI} sends the weight whatever its stability. {@code T} tares, {@code Z} zeroes;
 * {@code ES}/{@code ET}/{@code EL} are syntax, transmission and logical errors. Lines end CR LF.
 */
final class MtSics implements ScaleProtocol {
    private static final Pattern WEIGHT = Pattern.compile("S ([SD]) +(-?[0-9]+(?:\\.[0-9]+)?) +([a-z]{1,2})");

    @Override
    public String name() {
        return "mt-sics";
    }

    @Override
    public byte[] weightRequest() {
        return "SI\r\n".getBytes(StandardCharsets.US_ASCII); // immediate: motion is reported, not waited out
    }

    @Override
    public byte[] tareRequest() {
        return "T\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] zeroRequest() {
        return "Z\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte frameEnd() {
        return '\n';
    }

    @Override
    public ScaleReading parse(byte[] frame, Instant at) throws ScaleFrameException {
        String line = line(frame);
        switch (line) {
            case "S +" -> {
                return new ScaleReading(0, State.OVERLOAD, at);
            }
            case "S -" -> {
                return new ScaleReading(0, State.NEGATIVE, at);
            }
            case "S I" -> throw new ScaleFrameException("the scale is busy (S I)");
            default -> {}
        }
        error(line);
        Matcher m = WEIGHT.matcher(line);
        if (!m.matches()) {
            throw new ScaleFrameException("not an MT-SICS weight: '" + Toledo8217.printable(line) + "'");
        }
        double grams = WeightUnit.parse(m.group(3)).toGrams(Double.parseDouble(m.group(2)));
        return new ScaleReading(grams, m.group(1).equals("S") ? State.STABLE : State.MOTION, at);
    }

    @Override
    public void commandAccepted(byte[] frame) throws ScaleFrameException {
        String line = line(frame);
        error(line);
        if (line.startsWith("T S") || line.equals("Z A")) {
            return;
        }
        String why = switch (line.length() >= 3 ? line.substring(2, 3) : "") {
            case "I" -> "the scale could not do it now (in motion or busy)";
            case "+" -> "the weight is over the range";
            case "-" -> "the weight is under the range";
            default -> "unexpected reply '" + Toledo8217.printable(line) + "'";
        };
        throw new ScaleFrameException(why);
    }

    private static String line(byte[] frame) {
        return new String(frame, StandardCharsets.US_ASCII)
                .replace("\r", "")
                .replace("\n", "")
                .trim();
    }

    private static void error(String line) throws ScaleFrameException {
        switch (line) {
            case "ES" -> throw new ScaleFrameException("the scale did not understand the command (ES)");
            case "ET" -> throw new ScaleFrameException("the scale reports a transmission error (ET)");
            case "EL" -> throw new ScaleFrameException("the scale reports a logical error (EL)");
            default -> {}
        }
    }
}
