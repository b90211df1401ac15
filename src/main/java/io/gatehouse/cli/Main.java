package io.gatehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatehouse} command line: run, validate, proxy, demo, version. */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A reverse proxy for the JVM.",
        subcommands = {RunCommand.class, ValidateCommand.class, ProxyCommand.class, DemoCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        NettyDefaults.apply();
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler(Main::oneLineError)
                .execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Errors a user can cause are one line; the stack trace only with --debug. */
    private static int oneLineError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean debug = parsed.hasMatchedOption("--debug")
                || parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug");
        if (debug) {
            e.printStackTrace();
        }
        System.err.println("gatehouse: " + e.getMessage());
        return 1;
    }
}
