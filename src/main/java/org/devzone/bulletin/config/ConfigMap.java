package org.devzone.bulletin.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Typed reads from one YAML mapping (a zone, a slot, a channel). Every problem is recorded with the file, the line and
 * a description of the owner ({@code zone 'dongzhou-etdz'}) and field, and reading carries on so that all problems of
 * a file are reported together.
 */
public final class ConfigMap {

    public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final ConfigNode node;
    private final String owner;
    private final ConfigProblems problems;
    private final Map<String, ConfigNode> entries;

    public ConfigMap(ConfigNode node, String owner, ConfigProblems problems, Collection<String> allowedKeys) {
        this.node = node;
        this.owner = owner;
        this.problems = problems;
        if (!node.isMapping()) {
            problems.add(node, owner + ": expected a mapping of fields");
        }
        this.entries = node.entries(problems, owner, allowedKeys);
    }

    public ConfigNode node() {
        return node;
    }

    public String owner() {
        return owner;
    }

    public Optional<ConfigNode> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public void problem(String key, String message) {
        problems.add(entries.getOrDefault(key, node), owner + ", field '" + key + "': " + message);
    }

    public Optional<String> optionalText(String key) {
        ConfigNode value = entries.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isScalar()) {
            problem(key, "expected a single value");
            return Optional.empty();
        }
        return value.text().map(String::strip).filter(s -> !s.isEmpty());
    }

    public String requiredText(String key) {
        Optional<String> value = optionalText(key);
        if (value.isEmpty() && (!entries.containsKey(key) || entries.get(key).isScalar())) {
            problem(key, "is required");
        }
        return value.orElse("");
    }

    /** A value matching the pattern; {@code expected} describes it for the admin. */
    public String requiredText(String key, Pattern pattern, String expected) {
        String value = requiredText(key);
        if (!value.isEmpty() && !pattern.matcher(value).matches()) {
            problem(key, "'" + value + "' is not " + expected);
        }
        return value;
    }

    public List<String> textList(String key) {
        ConfigNode value = entries.get(key);
        List<String> result = new ArrayList<>();
        if (value == null || value.isScalar() && value.text().isEmpty()) {
            return result;
        }
        if (!value.isSequence()) {
            problem(key, "expected a list, for example [a, b]");
            return result;
        }
        for (ConfigNode item : value.items()) {
            Optional<String> text = item.text().map(String::strip).filter(s -> !s.isEmpty());
            if (!item.isScalar() || text.isEmpty()) {
                problems.add(item, owner + ", field '" + key + "': every item must be a non-empty value");
            } else {
                result.add(text.get());
            }
        }
        return result;
    }

    public int optionalInt(String key, int defaultValue, int min, int max) {
        Optional<String> text = optionalText(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                problem(key, value + " is out of range " + min + ".." + max);
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, "'" + text.get() + "' is not a whole number");
            return defaultValue;
        }
    }

    public <E> Optional<E> optionalEnum(String key, Map<String, E> byName) {
        Optional<String> text = optionalText(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        E value = byName.get(text.get());
        if (value == null) {
            problem(
                    key,
                    "unknown " + key + " '" + text.get() + "' (expected one of " + String.join(", ", byName.keySet())
                            + ")");
        }
        return Optional.ofNullable(value);
    }

    public List<ConfigMap> mappings(String key, Collection<String> allowedKeys, IntFunction<String> ownerOf) {
        ConfigNode value = entries.get(key);
        List<ConfigMap> result = new ArrayList<>();
        if (value == null || value.isScalar() && value.text().isEmpty()) {
            return result;
        }
        if (!value.isSequence()) {
            problem(key, "expected a list");
            return result;
        }
        List<ConfigNode> items = value.items();
        for (int i = 0; i < items.size(); i++) {
            result.add(new ConfigMap(items.get(i), ownerOf.apply(i), problems, allowedKeys));
        }
        return result;
    }
}
