package id.dapur.edge.devices.printer;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * A character code table: its number on ESC/POS printers ({@code ESC t n}), its number on Star
 * printers ({@code ESC GS t n}, -1: not in Star's table) and the Java charset with the same glyphs in
 * 0x80–0xFF. Lookup tables are built once by decoding every byte.
 */
public enum CodePage {
    PC437(0, 1, "IBM437"),
    PC850(2, -1, "IBM850"),
    PC860(3, 6, "IBM860"),
    PC865(5, 9, "IBM865"),
    WPC1252(16, 32, "windows-1252"),
    PC866(17, 10, "IBM866"),
    PC852(18, 5, "IBM852"),
    PC858(19, 4, "IBM00858");

    private final int number;
    private final int starNumber;
    private final Charset charset;
    private final byte[] fromChar = new byte[65536]; // 0 = not on this page
    private final char[] toChar = new char[256];

    CodePage(int number, int starNumber, String charset) {
        this.number = number;
        this.starNumber = starNumber;
        this.charset = Charset.forName(charset);
        for (int b = 0x20; b < 0x7F; b++) {
            fromChar[b] = (byte) b;
            toChar[b] = (char) b;
        }
        for (int b = 0x80; b <= 0xFF; b++) {
            String s = new String(new byte[] {(byte) b}, this.charset);
            char c = s.length() == 1 ? s.charAt(0) : '\uFFFD';
            if (c != '\uFFFD' && c >= 0x80 && fromChar[c] == 0) {
                fromChar[c] = (byte) b;
            }
            toChar[b] = c;
        }
    }

    /** The {@code n} of {@code ESC t n}. */
    public int number() {
        return number;
    }

    /** The {@code n} of Star's {@code ESC GS t n}; -1 when Star printers do not have it. */
    public int starNumber() {
        return starNumber;
    }

    public Charset charset() {
        return charset;
    }

    /** The byte for {@code c} on this page, or -1 when the page lacks it. */
    public int encode(char c) {
        if (c >= 0x20 && c < 0x7F) {
            return c;
        }
        byte b = fromChar[c];
        return b == 0 ? -1 : b & 0xFF;
    }

    /** The character a byte prints as on this page. */
    public char decode(int b) {
        return toChar[b & 0xFF];
    }

    public static CodePage byNumber(int n) {
        return Arrays.stream(values()).filter(p -> p.number == n).findFirst().orElse(null);
    }

    public static CodePage byStarNumber(int n) {
        return Arrays.stream(values())
                .filter(p -> p.starNumber == n && n >= 0)
                .findFirst()
                .orElse(null);
    }
}
