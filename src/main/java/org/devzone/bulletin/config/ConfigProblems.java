package org.devzone.bulletin.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a configuration file so an admin sees them all at once, not one per restart. */
public final class ConfigProblems {

    private final List<String> problems = new ArrayList<>();

    public void add(ConfigNode at, String message) {
        problems.add(at.location() + ": " + message);
    }

    public void add(String message) {
        problems.add(message);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
