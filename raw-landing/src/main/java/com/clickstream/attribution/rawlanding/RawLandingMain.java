package com.clickstream.attribution.rawlanding;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line: {@code RawLandingMain [--drain] key=value ...} with the keys of
 * {@link RawLandingOptions} (e.g. {@code bucket=raw kinesis.endpoint=http://127.0.0.1:4567
 * s3.endpoint=http://127.0.0.1:9000}). Without {@code --drain} it runs until the JVM is stopped
 * (Ctrl-C flushes and checkpoints); with it, it lands what is in the streams and exits.
 */
public final class RawLandingMain {

    private RawLandingMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean drain = false;
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--drain")) {
                drain = true;
            } else if (arg.contains("=")) {
                String key = arg.startsWith("--") ? arg.substring(2) : arg;
                settings.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else {
                System.err.println("usage: RawLandingMain [--drain] key=value ... (keys: see RawLandingOptions)");
                System.exit(2);
            }
        }
        RawLandingRunner runner = RawLandingRunner.create(RawLandingOptions.fromMap(settings));
        if (drain) {
            try (runner) {
                System.out.println(runner.drain());
            }
            return;
        }
        Thread shutdown = new Thread(() -> {
            try {
                runner.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "raw-landing-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        runner.start();
        Thread.currentThread().join(); // until the JVM is stopped; the hook flushes and checkpoints
    }
}
