package com.clickstream.attribution.reconciler.config;

import com.clickstream.attribution.reconciler.launch.ReconcileOnceRunner;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.reconciler.launch.ReconciliationScheduler;
import java.time.Clock;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** How the reconciler runs: {@code reconciler.mode} = once (default), schedule or none. */
@Configuration(proxyBeanMethods = false)
public class ReconcilerModeConfiguration {

    @Bean
    public ReconciliationLauncher reconciliationLauncher(JobLauncher jobLauncher, JobExplorer jobExplorer,
            JobRepository jobRepository, Job reconciliationJob, ReconcilerProperties properties, Clock clock,
            ReconcilerInfrastructureConfiguration.MigratedDatabase migratedDatabase) {
        return new ReconciliationLauncher(jobLauncher, jobExplorer, jobRepository, reconciliationJob,
                properties.staleAfter(), clock);
    }

    @Bean
    @ConditionalOnProperty(name = "reconciler.mode", havingValue = "once", matchIfMissing = true)
    public ReconcileOnceRunner reconcileOnceRunner(ReconciliationLauncher reconciliationLauncher, Clock clock) {
        return new ReconcileOnceRunner(reconciliationLauncher, clock);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "reconciler.mode", havingValue = "schedule")
    @EnableScheduling
    static class Scheduling {

        @Bean
        public ReconciliationScheduler reconciliationScheduler(ReconciliationLauncher reconciliationLauncher, Clock clock) {
            return new ReconciliationScheduler(reconciliationLauncher, clock);
        }
    }
}
