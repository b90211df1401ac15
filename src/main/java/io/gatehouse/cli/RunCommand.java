package io.gatehouse.cli;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.ConfigLoader;
import io.gatehouse.config.GatehouseConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse run -c FILE}: serve a config file until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Serve a config file.")
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, defaultValue = "gatehouse.yaml", description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--debug", description = "Debug logging and stack traces.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        GatehouseConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return 1;
        }
        return Serving.serve(loaded, debug, null);
    }
}
