package id.dapur.edge.agent.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * First gate of every input: size, UTF-8, JSON object; then typed field readers that fail with a
 * {@link Problem} naming the field. Nothing here has side effects, so a rejected input changes nothing.
 */
public final class Payloads {
    public static final int MAX_BYTES = 256 * 1024;
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Payloads() {}

    public static JsonNode parseObject(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw Problem.of(
                            ErrorCode.PAYLOAD_TOO_LARGE,
                            "payload is " + bytes.length + " bytes; the limit is " + MAX_BYTES)
                    .asFailure();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Problem.of(ErrorCode.NOT_UTF8, "payload is not valid UTF-8").asFailure();
        }
        JsonNode node;
        try {
            node = Json.STRICT.readTree(text);
        } catch (Exception e) {
            throw Problem.of(ErrorCode.INVALID_JSON, "payload is not JSON: " + firstLine(e.getMessage()))
                    .asFailure();
        }
        if (node == null || !node.isObject()) {
            throw Problem.of(ErrorCode.INVALID_JSON, "payload must be a JSON object")
                    .asFailure();
        }
        return node;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 160 ? line.substring(0, 160) : line;
    }

    public static Problem invalid(ErrorCode code, String field, String message) {
        return Problem.of(code, field + " " + message).withDetail("field", field);
    }

    public static String text(JsonNode obj, String field, String path, ErrorCode code, boolean required, int maxLen) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(code, path, "is required").asFailure();
            }
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(code, path, "must be a string").asFailure();
        }
        String s = clean(v.asText());
        if (!s.equals(v.asText()) && obj instanceof ObjectNode on) {
            on.put(field, s); // what is stored and shown is the cleaned text
        }
        if (s.isEmpty() && required) {
            throw invalid(code, path, "must not be empty").asFailure();
        }
        if (s.length() > maxLen) {
            throw invalid(code, path, "is longer than " + maxLen + " characters")
                    .asFailure();
        }
        return s;
    }

    /**
     * Free text made safe to show and print: line breaks, tabs and other control characters become a
     * space (a line feed in a note would forge a line on a chit), bidi overrides and isolates are
     * removed (U+202E would show a note reversed on a screen). Letters, emoji and joiners stay.
     */
    public static String clean(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = Character.isISOControl(c);
            boolean bidi = c == '\u061C'
                    || c == '\u200E'
                    || c == '\u200F'
                    || c >= '\u202A' && c <= '\u202E'
                    || c >= '\u2066' && c <= '\u2069';
            if (control || bidi) {
                if (sb == null) {
                    sb = new StringBuilder(s.length()).append(s, 0, i);
                }
                if (control) {
                    sb.append(' ');
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * Drops unknown fields of {@code obj} past {@code maxBytes} of JSON in total (kept in the order
     * sent), so a tolerant reader cannot be made to store 230 KB of junk per order. Returns how many
     * were dropped.
     */
    public static int capUnknown(JsonNode obj, Set<String> known, int maxBytes) {
        if (!(obj instanceof ObjectNode on)) {
            return 0;
        }
        int used = 0;
        List<String> drop = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = on.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (known.contains(e.getKey())) {
                continue;
            }
            used += e.getKey().length() + Json.write(e.getValue()).length() + 4;
            if (used > maxBytes) {
                drop.add(e.getKey());
            }
        }
        on.remove(drop);
        return drop.size();
    }

    public static String id(JsonNode obj, String field, String path, ErrorCode code) {
        String s = text(obj, field, path, code, true, 64);
        if (!ID.matcher(s).matches()) {
            throw invalid(code, path, "must be 1-64 characters of A-Z a-z 0-9 . _ : -")
                    .asFailure();
        }
        return s;
    }

    /** Excerpt for a dead-letter record: at most 512 characters, never the whole payload. */
    public static String excerpt(byte[] bytes) {
        int n = Math.min(bytes.length, 512);
        return new String(bytes, 0, n, StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}&&[^\n\t]]", "?");
    }
}
