package io.gatehouse.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the known key an unknown one was most likely meant to be ("adress" -> "address"). */
final class KeySuggestion {

    private KeySuggestion() {}

    /**
     * The known key closest to {@code unknown} by edit distance, ignoring case and "-" versus "_";
     * {@code null} when none is close or two are equally close.
     */
    static String closest(String unknown, Collection<String> known) {
        String typed = normalize(unknown);
        int allowed = typed.length() >= 6 ? 2 : 1;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String candidate : known) {
            int distance = distance(typed, normalize(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
                tie = false;
            } else if (distance == bestDistance) {
                tie = true;
            }
        }
        return bestDistance <= allowed && !tie ? best : null;
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
