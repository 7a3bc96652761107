package id.dapur.edge.agent.support;

/**
 * Text that came from the network, made safe for one log line: control characters (a newline would
 * forge a log line), bidi overrides and other format characters are shown as {@code \\uXXXX}, and
 * anything past {@link #MAX} characters is cut, so a 60 KB username costs 80 bytes of log.
 */
public final class LogSafe {
    static final int MAX = 64;

    private LogSafe() {}

    public static String of(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX) + 8);
        int n = Math.min(s.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > MAX) {
            sb.append("…(").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }
}
