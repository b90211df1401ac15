package io.gatehouse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gatehouse version}: the product, Netty and Java versions. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version and exit.")
final class VersionCommand implements Runnable {

    @Override
    public void run() {
        System.out.println(text());
    }

    static String text() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // Fall back to "unknown" below.
        }
        return "gatehouse " + p.getProperty("version", "unknown")
                + " (netty " + p.getProperty("netty", "unknown")
                + ", java " + System.getProperty("java.version") + ")";
    }

    /** Lets {@code gatehouse --version} print the same line. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {text()};
        }
    }
}
