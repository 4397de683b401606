package org.devzone.bulletin.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A JVM of its own, started from the packaged jar (a dispatcher node, or the standalone broker beside it): its output
 * goes to a file the test reads; {@link #kill()} is {@code kill -9}, {@link #stop()} is SIGTERM.
 */
public final class Processes {

    private Processes() {}

    /** One running JVM. */
    public static final class Jvm implements AutoCloseable {
        private final String name;
        private final List<String> command;
        private final Map<String, String> environment;
        private final Path log;
        private Process process;

        Jvm(String name, List<String> command, Map<String, String> environment, Path log) {
            this.name = name;
            this.command = command;
            this.environment = environment;
            this.log = log;
        }

        /** Starts it and waits until its output has a line containing {@code ready}. */
        public Jvm start(String ready, Duration within) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                builder.environment().putAll(environment);
                long from = Files.exists(log)
                        ? Files.readAllLines(log, StandardCharsets.UTF_8).size()
                        : 0;
                process = builder.start();
                Awaitility.await(name + " started")
                        .atMost(within)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException(
                                        name + " exited with " + process.exitValue() + "; see " + log);
                            }
                            return lines().stream().skip(from).anyMatch(l -> l.contains(ready));
                        });
                return this;
            } catch (IOException e) {
                throw new IllegalStateException("could not start " + name, e);
            }
        }

        /** {@code kill -9}: no shutdown hook, nothing flushed, connections cut. */
        public void kill() {
            process.destroyForcibly();
            waitFor();
        }

        /** SIGTERM: the JVM's shutdown hooks run. */
        public void stop() {
            process.destroy();
            waitFor();
        }

        public boolean alive() {
            return process != null && process.isAlive();
        }

        public List<String> lines() {
            try {
                return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void waitFor() {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (alive()) {
                kill();
            }
        }
    }

    /** {@code java -jar target/bulletin-dispatcher.jar [args]} with these environment variables. */
    public static Jvm dispatcher(String name, Map<String, String> environment, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-jar", "target/bulletin-dispatcher.jar"));
        command.addAll(List.of(args));
        return new Jvm(name, command, environment, log);
    }

    /** The standalone ActiveMQ broker ({@link StandaloneBroker}) on a port, persisting under {@code dataDir}. */
    public static Jvm broker(int port, Path dataDir, Path log) {
        return new Jvm(
                "broker",
                List.of(
                        java(),
                        "-Xmx256m",
                        "-cp",
                        "target/bulletin-dispatcher.jar" + File.pathSeparator + "target/test-classes",
                        StandaloneBroker.class.getName(),
                        String.valueOf(port),
                        dataDir.toString()),
                Map.of(),
                log);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
