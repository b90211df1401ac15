package io.gatehouse.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML config file into a validated {@link GatehouseConfig}. Every problem in the file is
 * reported at once, each as {@code FILE:LINE:COL: key.path: what is wrong}.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /** Reads and validates a file; relative access_log paths resolve against the file's directory. */
    public static GatehouseConfig load(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + FileErrors.reason(e)));
        }
        return parse(yaml, file);
    }

    /**
     * Same from a string; {@code source} is used in messages and as {@link GatehouseConfig#source()}
     * (when {@code null}, messages say "config" and relative paths stay relative).
     */
    public static GatehouseConfig parse(String yaml, Path source) throws ConfigException {
        Problems problems = new Problems(source == null ? "config" : source.toString());
        YamlNode tree = YamlTreeBuilder.build(yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml, problems);
        if (tree == null || tree.isNull()) {
            throw problems.only(new YamlNode.Mark(1, 1), "the file is empty; it needs at least a listeners list");
        }
        if (!(tree instanceof YamlNode.Mapping)) {
            throw problems.only(tree.mark(), "the file must be a mapping with keys such as listeners,"
                    + " upstreams and routes, not " + tree.describe());
        }
        MapReader root = MapReader.of(tree, "", new Values(problems));
        Path directory = source == null ? null : source.getParent();
        List<ListenerConfig> listeners = ListenersReader.read(root, directory);
        Map<String, UpstreamConfig> upstreams = UpstreamsReader.read(root, directory);
        List<RouteConfig> routes = RoutesReader.read(root, upstreams.keySet());
        LimitsConfig limits = SettingsReader.limits(root.mapping("limits"));
        ClientTimeoutsConfig timeouts = SettingsReader.timeouts(root.mapping("timeouts"));
        AccessLogConfig accessLog = SettingsReader.accessLog(root.mapping("access_log"), directory);
        root.finish();
        problems.throwIfAny();
        return new GatehouseConfig(source, listeners, upstreams, routes, limits, timeouts, accessLog);
    }
}
