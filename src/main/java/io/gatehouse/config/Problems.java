package io.gatehouse.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems found in one config file so far, each formatted as
 * {@code FILE:LINE:COL: key.path: message}; reading goes on after a problem so that all are
 * reported at once.
 */
final class Problems {

    private record Problem(YamlNode.Mark mark, String text) {}

    private final String file;
    private final List<Problem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    /** The key path of {@code key} inside {@code parent}: {@code listeners[0]} + {@code address}. */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The key path of item {@code index} of the list at {@code parent}. */
    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** Records a problem at {@code mark}; {@code path} is empty for the file as a whole. */
    void add(YamlNode.Mark mark, String path, String message) {
        found.add(new Problem(mark, format(mark, path, message)));
    }

    /** A failure holding just this one problem, whatever else was found. */
    ConfigException only(YamlNode.Mark mark, String message) {
        return new ConfigException(List.of(format(mark, "", message)));
    }

    /** Throws every problem found, in file order, if there is any. */
    void throwIfAny() throws ConfigException {
        if (found.isEmpty()) {
            return;
        }
        List<Problem> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt((Problem p) -> p.mark().line()).thenComparingInt(p -> p.mark().column()));
        throw new ConfigException(sorted.stream().map(Problem::text).toList());
    }

    private String format(YamlNode.Mark mark, String path, String message) {
        String where = file + ":" + mark.line() + ":" + mark.column() + ": ";
        return printable(path.isEmpty() ? where + message : where + path + ": " + message);
    }

    /**
     * Control characters from the file (quoted in a message) written as {@code \xHH}: a problem
     * stays on one line, and a value cannot forge another problem line or steer the terminal.
     */
    private static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
            if (control && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (control) {
                out.append(String.format("\\x%02X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
