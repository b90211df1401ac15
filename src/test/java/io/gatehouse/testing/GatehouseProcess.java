package io.gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged jar run as a user runs it: {@code java -jar target/gatehouse.jar ARGS}, output captured. */
public final class GatehouseProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) \\(http\\)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private GatehouseProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::collect, "gatehouse-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar with extra JVM options before {@code -jar}. */
    public static GatehouseProcess start(List<String> jvmOptions, String... args) throws IOException {
        Path jar = Path.of("target", "gatehouse.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("target/gatehouse.jar is missing: run the package phase first");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        return new GatehouseProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    public static GatehouseProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    private void collect() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // The process ended.
        }
    }

    /** Waits for the "listening on HOST:PORT (http)" line and returns the port. */
    public int awaitListeningPort() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        synchronized (lines) {
            while (System.currentTimeMillis() < deadline) {
                for (String line : lines) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                lines.wait(100);
            }
        }
        throw new AssertionError("no 'listening on' line; output:\n" + output());
    }

    /** Waits for the process to end and returns its exit code. */
    public int waitFor() throws InterruptedException {
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gatehouse did not exit; output:\n" + output());
        }
        Thread.sleep(100);
        return process.exitValue();
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory from /proc, in bytes. */
    public long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS");
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
