package io.gatehouse.config;

import java.util.List;

/**
 * A config file that cannot be used, with every problem found in it. Each problem reads
 * {@code FILE:LINE:COL: key.path: what is wrong}; the message is all of them, one per line.
 */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems in file order, at least one. */
    public List<String> problems() {
        return problems;
    }
}
