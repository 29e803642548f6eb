package com.clickstream.attribution.reconciler.launch;

import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the job options from the command line, in both forms {@code --from=2024-03-01} and
 * {@code --from 2024-03-01}. Options with a dot ({@code --reconciler.mode=schedule},
 * {@code --spring.datasource.url=...}) are Spring properties and left to Spring.
 */
public final class CommandLineOptions {

    private CommandLineOptions() {
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            if (name.contains(".")) {
                if (eq < 0 && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    i++; // a Spring property given as "--name value"
                }
                continue;
            }
            if (!ReconciliationParameters.OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + ", expected one of "
                        + ReconciliationParameters.OPTIONS);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            options.put(name, value);
        }
        return options;
    }
}
