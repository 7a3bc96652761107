package id.dapur.edge.agent.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * First gate of every input: size, UTF-8, JSON object; then typed field readers that fail with a
 * {@link Problem} naming the field. Nothing here has side effects, so a rejected input changes nothing.
 */
public final class Payloads {
    public static final int MAX_BYTES = 256 * 1024;
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Payloads() {
    }

    public static JsonNode parseObject(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw Problem.of("PAYLOAD_TOO_LARGE", "payload is " + bytes.length + " bytes; the limit is " + MAX_BYTES).asFailure();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Problem.of("NOT_UTF8", "payload is not valid UTF-8").asFailure();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw Problem.of("INVALID_JSON", "payload is not JSON: " + firstLine(e.getMessage())).asFailure();
        }
        if (node == null || !node.isObject()) {
            throw Problem.of("INVALID_JSON", "payload must be a JSON object").asFailure();
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

    public static Problem invalid(String code, String field, String message) {
        return Problem.of(code, field + " " + message).withDetail("field", field);
    }

    public static String text(JsonNode obj, String field, String path, String code, boolean required, int maxLen) {
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
        String s = v.asText();
        if (s.isEmpty() && required) {
            throw invalid(code, path, "must not be empty").asFailure();
        }
        if (s.length() > maxLen) {
            throw invalid(code, path, "is longer than " + maxLen + " characters").asFailure();
        }
        return s;
    }

    public static String id(JsonNode obj, String field, String path, String code) {
        String s = text(obj, field, path, code, true, 64);
        if (!ID.matcher(s).matches()) {
            throw invalid(code, path, "must be 1-64 characters of A-Z a-z 0-9 . _ : -").asFailure();
        }
        return s;
    }

    /** Excerpt for a dead-letter record: at most 512 characters, never the whole payload. */
    public static String excerpt(byte[] bytes) {
        int n = Math.min(bytes.length, 512);
        return new String(bytes, 0, n, StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}&&[^\n\t]]", "?");
    }
}
