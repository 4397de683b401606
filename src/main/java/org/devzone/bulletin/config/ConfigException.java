package org.devzone.bulletin.config;

import java.util.List;

/**
 * A configuration file an admin edited is wrong. The message names the file, the line and what to fix, one problem per
 * line, so the service can refuse to start with something a person can act on.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public static ConfigException of(String problem) {
        return new ConfigException(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
