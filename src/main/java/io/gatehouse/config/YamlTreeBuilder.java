package io.gatehouse.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link YamlNode} tree from Jackson's YAML token stream, keeping the position of every
 * key and value. Resolves aliases ({@code *name}) to the node their anchor ({@code &name}) marks;
 * reports duplicate keys and a second document.
 */
final class YamlTreeBuilder {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final YAMLParser parser;
    private final Problems problems;
    private final Map<String, YamlNode> anchors = new HashMap<>();

    private YamlTreeBuilder(YAMLParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /**
     * Parses one YAML document.
     *
     * @return the root node, or {@code null} when the text holds no document at all
     * @throws ConfigException with that single problem when the text is not valid YAML
     */
    static YamlNode build(String yaml, Problems problems) throws ConfigException {
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            YamlTreeBuilder builder = new YamlTreeBuilder(parser, problems);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            YamlNode root = builder.value(first, "");
            if (parser.nextToken() != null) {
                problems.add(builder.mark(), "", "a second YAML document starts here; a config file holds one");
            }
            return root;
        } catch (JacksonException e) {
            throw syntaxError(e, problems);
        } catch (IOException e) {
            throw new IllegalStateException("reading YAML from a string failed", e);
        }
    }

    private YamlNode value(JsonToken token, String path) throws IOException, ConfigException {
        YamlNode.Mark mark = mark();
        String anchor = parser.getObjectId();
        YamlNode node = switch (token) {
            case START_OBJECT -> mapping(mark, path);
            case START_ARRAY -> sequence(mark, path);
            default -> scalar(token, mark);
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private YamlNode mapping(YamlNode.Mark mark, String path) throws IOException, ConfigException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            YamlNode.Mark keyMark = mark();
            String keyPath = Problems.child(path, key);
            YamlNode value = value(parser.nextToken(), keyPath);
            YamlNode.Entry first = entries.get(key);
            if (first == null) {
                entries.put(key, new YamlNode.Entry(key, keyMark, value));
            } else {
                problems.add(keyMark, keyPath, "duplicate key; it is already set on line " + first.keyMark().line());
            }
        }
        return new YamlNode.Mapping(entries, mark);
    }

    private YamlNode sequence(YamlNode.Mark mark, String path) throws IOException, ConfigException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(value(token, Problems.item(path, items.size())));
        }
        return new YamlNode.Sequence(items, mark);
    }

    private YamlNode scalar(JsonToken token, YamlNode.Mark mark) throws IOException, ConfigException {
        String text = parser.getText();
        if (parser.isCurrentAlias()) {
            YamlNode target = anchors.get(text);
            if (target == null) {
                throw problems.only(mark, "invalid YAML: alias *" + text
                        + " refers to no anchor &" + text + " above it");
            }
            return target;
        }
        return switch (token) {
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(text, YamlNode.Kind.INT, parser.getBigIntegerValue(), mark);
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(text, YamlNode.Kind.FLOAT, null, mark);
            case VALUE_TRUE -> new YamlNode.Scalar(text, YamlNode.Kind.TRUE, null, mark);
            case VALUE_FALSE -> new YamlNode.Scalar(text, YamlNode.Kind.FALSE, null, mark);
            case VALUE_NULL -> new YamlNode.Scalar(text, YamlNode.Kind.NULL, null, mark);
            default -> new YamlNode.Scalar(text, YamlNode.Kind.STRING, null, mark);
        };
    }

    private YamlNode.Mark mark() {
        JsonLocation location = parser.currentTokenLocation();
        return new YamlNode.Mark(location.getLineNr(), location.getColumnNr());
    }

    /** SnakeYAML's own problem mark is more precise than Jackson's location, so prefer it. */
    private static ConfigException syntaxError(JacksonException e, Problems problems) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
                && marked.getProblemMark() != null) {
            org.yaml.snakeyaml.error.Mark at = marked.getProblemMark();
            String message = "invalid YAML: " + marked.getProblem();
            org.yaml.snakeyaml.error.Mark context = marked.getContextMark();
            if (marked.getContext() != null && context != null) {
                message += " (" + marked.getContext() + " that starts at line " + (context.getLine() + 1)
                        + ", column " + (context.getColumn() + 1) + ")";
            }
            return problems.only(new YamlNode.Mark(at.getLine() + 1, at.getColumn() + 1), message);
        }
        JsonLocation at = e.getLocation();
        YamlNode.Mark mark = at == null ? new YamlNode.Mark(1, 1) : new YamlNode.Mark(at.getLineNr(), at.getColumnNr());
        return problems.only(mark, "invalid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
}
