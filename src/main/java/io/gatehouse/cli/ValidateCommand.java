package io.gatehouse.cli;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.ConfigLoader;
import io.gatehouse.config.GatehouseConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse validate -c FILE}: exit 0 when the file is valid, else list every problem and exit 1. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a config file: exit 0 if valid, else print FILE:LINE:COL: problems and exit 1.")
final class ValidateCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, defaultValue = "gatehouse.yaml", description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() {
        try {
            GatehouseConfig c = ConfigLoader.load(config);
            System.out.println(config + ": ok (" + count(c.listeners().size(), "listener") + ", "
                    + count(c.upstreams().size(), "upstream") + ", " + count(c.routes().size(), "route") + ")");
            return 0;
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return 1;
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
