package com.clickstream.attribution.reconciler;

import com.clickstream.attribution.reconciler.config.RawBucketProperties;
import com.clickstream.attribution.reconciler.config.ReconcilerProperties;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.launch.CommandLineOptions;
import com.clickstream.attribution.reconciler.launch.ErrorLine;
import com.clickstream.attribution.reconciler.launch.ExplainCommand;
import com.clickstream.attribution.reconciler.launch.ReconcileOnceRunner;
import java.io.PrintStream;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The batch reconciler. {@code java -jar batch-reconciler.jar [--from T] [--to T] [--window W] ...} runs
 * one reconciliation and exits with its status (0 completed, 1 failed: run again to restart,
 * 2 bad arguments, 3 completed but raw objects were skipped and unsafe corrections withheld); {@code --reconciler.mode=schedule} stays up and runs on {@code reconciler.schedule.cron}.
 * {@code java -jar batch-reconciler.jar explain CHECKOUT_ID [--json]} explains one checkout's credit instead
 * ({@link ExplainCommand}).
 * Options: {@link com.clickstream.attribution.reconciler.config.ReconciliationParameters}; settings:
 * {@link ReconcilerProperties}; docs/reconciler.md.
 *
 * <p>Errors end with ONE line on stderr, never a stack trace there: bad job options are refused before
 * Spring starts (exit 2, nothing else printed); a context that cannot start (database unreachable,
 * bad setting) and a failed run exit 1 with the reason. The application log (stdout) keeps the details.
 */
@SpringBootApplication
public class ReconcilerApplication {

    /** {@link #run}'s answer in mode {@code schedule}: the application stays up. */
    static final int KEEP_RUNNING = -1;

    public static void main(String[] args) {
        int exitCode = run(args, System.err);
        if (exitCode != KEEP_RUNNING) {
            System.exit(exitCode);
        }
    }

    /**
     * Which service a failure came from, as the settings that name it, e.g. {@code S3 bucket 'raw' at
     * http://...: }. {@code s3} is {@link #describeS3}'s answer, null when the context did not start.
     */
    private static String where(Throwable e, String s3) {
        if (ErrorLine.has(e, SQLException.class)) {
            return "database (spring.datasource.url): ";
        }
        if (ErrorLine.has(e, SdkException.class)) {
            return s3 == null ? "AWS: " : s3 + ": ";
        }
        return "";
    }

    /** The raw bucket and the endpoint its client really uses (Spring Cloud AWS's, from spring.cloud.aws.*). */
    private static String describeS3(ConfigurableApplicationContext context) {
        String endpoint = context.getBean(S3Client.class).serviceClientConfiguration().endpointOverride()
                .map(URI::toString).orElse("AWS");
        return "S3 bucket '" + context.getBean(RawBucketProperties.class).bucket() + "' at " + endpoint
                + " (reconciler.s3.*, spring.cloud.aws.*)";
    }

    /** Starts the application; returns the exit code, or {@link #KEEP_RUNNING} in mode {@code schedule}. */
    static int run(String[] args, PrintStream err) {
        return run(args, System.out, err);
    }

    /** As {@link #run(String[], PrintStream)}; {@code --help} prints the usage to {@code out} and returns 0. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals(ExplainCommand.NAME)) {
            return ExplainCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err, springArgs -> {
                SpringApplication application = new SpringApplication(ReconcilerApplication.class);
                application.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
                return application.run(springArgs);
            });
        }
        String usage = CommandLineOptions.usageIfRequested(args);
        if (usage != null) {
            out.print(usage);
            return 0;
        }
        try {
            ReconciliationParameters.fromOptions(CommandLineOptions.parse(args), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            err.println("batch-reconciler: bad arguments: " + ErrorLine.of(e.getMessage()) + " (see --help)");
            return ReconcileOnceRunner.BAD_ARGUMENTS;
        }
        ConfigurableApplicationContext context;
        try {
            context = SpringApplication.run(ReconcilerApplication.class, args);
        } catch (RuntimeException e) {
            err.println("batch-reconciler: could not start: " + where(e, null) + ErrorLine.cause(e));
            return ReconcileOnceRunner.FAILED;
        }
        ReconcilerProperties properties = context.getBean(ReconcilerProperties.class);
        if (properties.mode() == ReconcilerProperties.Mode.SCHEDULE) {
            return KEEP_RUNNING;
        }
        String s3 = describeS3(context);
        ReconcileOnceRunner runner = context.getBeanProvider(ReconcileOnceRunner.class).getIfAvailable();
        Optional<ReconcileOnceRunner.Failure> failure = runner == null ? Optional.empty() : runner.failure();
        int exitCode = SpringApplication.exit(context);
        if (exitCode != 0) {
            err.println("batch-reconciler: " + failure.map(f -> f.what()
                    + (f.cause() == null ? "" : ": " + where(f.cause(), s3) + ErrorLine.cause(f.cause()))
                    + (exitCode == ReconcileOnceRunner.FAILED ? "; run the same command again to restart it" : ""))
                    .orElse("failed with exit code " + exitCode));
        }
        return exitCode;
    }
}
