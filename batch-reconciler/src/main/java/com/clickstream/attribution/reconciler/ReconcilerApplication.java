package com.clickstream.attribution.reconciler;

import com.clickstream.attribution.reconciler.config.ReconcilerProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The batch reconciler. {@code java -jar batch-reconciler.jar [--from T] [--to T] [--window W] ...} runs
 * one reconciliation and exits with its status (0 completed or completed with skips, 1 failed,
 * 2 bad arguments); {@code --reconciler.mode=schedule} stays up and runs on {@code reconciler.schedule.cron}.
 * Options: {@link com.clickstream.attribution.reconciler.config.ReconciliationParameters}; settings:
 * {@link ReconcilerProperties}; docs/reconciler.md.
 */
@SpringBootApplication
public class ReconcilerApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(ReconcilerApplication.class, args);
        if (context.getBean(ReconcilerProperties.class).mode() != ReconcilerProperties.Mode.SCHEDULE) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
