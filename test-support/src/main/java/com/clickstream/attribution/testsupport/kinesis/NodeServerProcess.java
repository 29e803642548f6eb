package com.clickstream.attribution.testsupport.kinesis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Node.js Kinesis server on 127.0.0.1 and a free port, waits until it answers HTTP, and
 * stops it with its whole process tree. Knows where npm put the packages (classpath resource
 * {@code test-support.properties}, key {@code node.modules.dir}, or the system property of the
 * same name) and how each flavour is started.
 */
final class NodeServerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeServerProcess.class);

    /**
     * Preloaded with {@code node --require}: forces every server the process opens onto 127.0.0.1.
     * Neither kinesalite's CLI nor kinesis-local has a host option and both listen on all
     * interfaces by default; this project's rule is loopback only.
     */
    private static final String LOOPBACK_ONLY_JS = """
            'use strict';
            // Written by NodeServerProcess (test-support): bind every listening socket to 127.0.0.1, and survive
            // clients that abort a request.
            const net = require('net');
            const LOOPBACK = '127.0.0.1';
            const listen = net.Server.prototype.listen;
            const wildcard = function (h) { return h === undefined || h === null || h === '' || h === '0.0.0.0' || h === '::'; };
            net.Server.prototype.listen = function () {
              const args = Array.prototype.slice.call(arguments);
              const first = args[0];
              if (first !== null && typeof first === 'object' && first.path === undefined) {
                if (wildcard(first.host)) { args[0] = Object.assign({}, first, { host: LOOPBACK }); }
              } else if (typeof first === 'number' || (typeof first === 'string' && /^[0-9]+$/.test(first))) {
                if (typeof args[1] === 'string') { if (wildcard(args[1])) { args[1] = LOOPBACK; } }
                else { args.splice(1, 0, LOOPBACK); }
              }
              return listen.apply(this, args);
            };
            // kinesalite throws from a request's 'error' handler (index.js: req.on('error', function (err)
            // { throw err })), so a client that closes its connection in the middle of a request (a streaming
            // job stopped or killed during a GetRecords call) took the whole server down, and every later
            // call was refused. Such an error concerns only that client's request: log it and keep serving.
            process.on('uncaughtException', function (err) {
              if (err && err.code === 'ECONNRESET') {
                console.error('a client closed its connection during a request (' + err.message + '); still serving');
                return;
              }
              console.error(err && err.stack ? err.stack : err);
              process.exit(1);
            });
            """;

    private static final int START_ATTEMPTS = 3;

    private final KinesisServerExtension.Flavour flavour;
    private final Process process;
    private final int port;
    private final Path logFile;

    private NodeServerProcess(KinesisServerExtension.Flavour flavour, Process process, int port, Path logFile) {
        this.flavour = flavour;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    static NodeServerProcess start(KinesisServerExtension.Flavour flavour, Path nodeModules, String node,
                                   Path logDir, Duration timeout) {
        Path packageDir = nodeModules.toAbsolutePath().resolve(flavour.packageName());
        logDir = logDir.toAbsolutePath();
        Path script = packageDir.resolve(flavour == KinesisServerExtension.Flavour.KINESALITE ? "cli.js" : "main.js");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("Local Kinesis server '" + flavour.packageName() + "' is not installed: "
                    + script + " does not exist. Run `npm ci` in test-support (the Maven build of test-support "
                    + "does it unless -Dnpm.skip=true), or point -Dnode.modules.dir at a node_modules holding it.");
        }
        String nodeVersion = nodeVersion(node);
        try {
            Files.createDirectories(logDir);
            Path preload = logDir.resolve("loopback-only.js");
            Files.writeString(preload, LOOPBACK_ONLY_JS, StandardCharsets.UTF_8);
            IllegalStateException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freePort();
                int tlsPort = flavour == KinesisServerExtension.Flavour.KINESIS_LOCAL ? freePort() : -1;
                Path logFile = logDir.resolve(flavour.packageName() + "-" + port + ".log");
                List<String> command = new ArrayList<>(List.of(node, "--require", preload.toString(), script.toString()));
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(logDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
                Map<String, String> env = builder.environment();
                if (flavour == KinesisServerExtension.Flavour.KINESALITE) {
                    command.addAll(List.of("--port", Integer.toString(port), "--createStreamMs", "0", "--shardLimit", "100"));
                    builder.command(command);
                } else {
                    env.put("KINESIS_MOCK_CERT_PATH", packageDir.resolve("server.json").toString());
                    env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(port));
                    env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
                    env.put("SHARD_LIMIT", "100");
                    env.put("CREATE_STREAM_DURATION", "10ms");
                }
                long started = System.nanoTime();
                Process process = builder.start();
                NodeServerProcess server = new NodeServerProcess(flavour, process, port, logFile);
                try {
                    server.awaitAnswering(timeout);
                    log.info("{} (node {}) answering on 127.0.0.1:{} after {} ms, log {}", flavour.packageName(),
                            nodeVersion, port, (System.nanoTime() - started) / 1_000_000, logFile.toAbsolutePath());
                    return server;
                } catch (IllegalStateException e) {
                    server.close();
                    last = e;
                    if (!server.tail().contains("EADDRINUSE")) {
                        throw e;
                    }
                    log.warn("port {} was taken before {} could bind it, retrying on another port", port, flavour);
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + flavour.packageName(), e);
        }
    }

    int port() {
        return port;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Stops the server and every process it started. kinesalite gets SIGTERM (it exits at once),
     * then SIGKILL after 5 s. kinesis-local gets SIGKILL straight away: its graceful shutdown waits
     * for idle keep-alive connections, which the JDK's HTTP clients keep open for 5 s, and it keeps
     * nothing worth a clean shutdown (in-memory, persistence off).
     */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        boolean graceful = flavour == KinesisServerExtension.Flavour.KINESALITE;
        tree.forEach(graceful ? ProcessHandle::destroy : ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAnswering(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        // Any HTTP answer means the server is up (an unsigned ListStreams gets a 400 from kinesalite).
        HttpRequest probe = HttpRequest.newBuilder(endpoint())
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(flavour.packageName() + " exited with code " + process.exitValue()
                        + " before answering on 127.0.0.1:" + port + ". Log " + logFile + ":\n" + tail());
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + flavour.packageName(), e);
            }
        }
        throw new IllegalStateException(flavour.packageName() + " did not answer on 127.0.0.1:" + port + " within "
                + timeout.toMillis() + " ms. Log " + logFile + ":\n" + tail());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log not readable: " + e + ")";
        }
    }

    /** The node_modules directory npm installed into: system property first, then the filtered resource. */
    static Path nodeModulesDir() {
        String override = System.getProperty("node.modules.dir");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Properties properties = new Properties();
        try (InputStream in = NodeServerProcess.class.getResourceAsStream("/test-support.properties")) {
            if (in == null) {
                throw new IllegalStateException("test-support.properties is not on the classpath; set -Dnode.modules.dir");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String dir = properties.getProperty("node.modules.dir");
        if (dir == null || dir.isBlank() || dir.contains("${")) {
            throw new IllegalStateException("test-support.properties has no resolved node.modules.dir (" + dir
                    + "); build test-support with Maven (resource filtering) or set -Dnode.modules.dir");
        }
        return Path.of(dir);
    }

    /** The node executable: -Dnode.executable, else {@code node} on the PATH. */
    static String nodeExecutable() {
        String override = System.getProperty("node.executable");
        return override == null || override.isBlank() ? "node" : override;
    }

    private static String nodeVersion(String node) {
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("'" + node + " --version' failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("Node.js is needed to run the local Kinesis servers but '" + node
                    + "' could not be run (" + e.getMessage() + "). Install Node.js 18+ or set -Dnode.executable=/path/to/node.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking Node.js", e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
