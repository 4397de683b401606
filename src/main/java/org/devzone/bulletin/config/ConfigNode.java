package org.devzone.bulletin.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A node of a YAML configuration file that remembers its file and line, so that a loader can say exactly where a value
 * is wrong ({@code config/zones.yaml:42}). YAML 1.2 rules apply: {@code no} stays the string "no".
 */
public final class ConfigNode {

    private final String file;
    private final Node node;

    private ConfigNode(String file, Node node) {
        this.file = file;
        this.node = node;
    }

    /** Reads and parses a file; a missing, non-UTF-8 or malformed file becomes a {@link ConfigException}. */
    public static ConfigNode read(Path path) {
        String name = path.toString();
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw ConfigException.of(name + ": file not found");
        } catch (CharacterCodingException e) {
            throw ConfigException.of(name + ": not valid UTF-8; save the file as UTF-8");
        } catch (IOException e) {
            throw ConfigException.of(name + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(name, text);
    }

    /** The largest configuration file read: 64 Mi code points, some 600,000 zones. */
    static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

    public static ConfigNode parse(String name, String text) {
        // The parser's default limit (3 MiB) is about 30,000 zones; a national directory is larger.
        LoadSettings settings = LoadSettings.builder()
                .setLabel(name)
                .setAllowDuplicateKeys(true)
                .setCodePointLimit(MAX_CODE_POINTS)
                .build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty()) {
                throw ConfigException.of(name + ": the file is empty");
            }
            return new ConfigNode(name, root.get());
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw ConfigException.of(name + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw ConfigException.of(name + ": not valid YAML: " + e.getMessage());
        }
    }

    public String file() {
        return file;
    }

    /** One-based line of the node in its file. */
    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public String location() {
        return file + ":" + line();
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public boolean isSequence() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** The scalar's text, or empty when the node is not a scalar or is YAML null ({@code ~}, {@code null}, nothing). */
    public Optional<String> text() {
        if (node instanceof ScalarNode scalar) {
            String value = scalar.getValue();
            boolean plainNull = scalar.isPlain() && (value.isEmpty() || value.equals("~") || value.equals("null"));
            return plainNull ? Optional.empty() : Optional.of(value);
        }
        return Optional.empty();
    }

    /** Entries of a mapping in file order. Duplicate keys are reported, keeping the first. */
    public Map<String, ConfigNode> entries(ConfigProblems problems) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                ConfigNode key = new ConfigNode(file, tuple.getKeyNode());
                String name = key.text().orElse("");
                if (entries.containsKey(name)) {
                    problems.add(key, "key '" + name + "' appears twice");
                } else {
                    entries.put(name, new ConfigNode(file, tuple.getValueNode()));
                }
            }
        }
        return entries;
    }

    /** Entries of a mapping that may only hold the given keys; any other key is reported as unknown. */
    public Map<String, ConfigNode> entries(ConfigProblems problems, String what, Collection<String> allowed) {
        Map<String, ConfigNode> entries = entries(problems);
        for (Map.Entry<String, ConfigNode> entry : entries.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                problems.add(
                        entry.getValue(),
                        what + ": unknown field '" + entry.getKey() + "' (allowed: " + String.join(", ", allowed)
                                + ")");
            }
        }
        return entries;
    }

    /** The text under a key of this mapping, without reporting anything; for naming an entry before reading it. */
    public Optional<String> peekText(String key) {
        return Optional.ofNullable(entries(new ConfigProblems()).get(key))
                .flatMap(ConfigNode::text)
                .map(String::strip);
    }

    public List<ConfigNode> items() {
        List<ConfigNode> items = new ArrayList<>();
        if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                items.add(new ConfigNode(file, item));
            }
        }
        return items;
    }
}
