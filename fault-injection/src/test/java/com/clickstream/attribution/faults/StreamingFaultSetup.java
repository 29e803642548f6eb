package com.clickstream.attribution.faults;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.local.stack.Endpoints;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * What every streaming fault test starts from: a printed seed (-Dfault.seed=N repeats it), one input of
 * generated traffic sent once to kinesalite (2 streams x 2 shards), a fresh work folder for the job's
 * checkpoint and log, and the tables and endpoints the job (a child JVM) and the checks use.
 */
record StreamingFaultSetup(long seed, Random random, StreamingTraffic traffic, Path work, StreamingTables tables,
        Endpoints endpoints) {

    static StreamingFaultSetup prepare(FaultLog log, PostgresExtension postgres, KinesisServerExtension kinesis,
            String workPrefix, int minutes) throws IOException {
        long seed = Long.getLong("fault.seed", System.currentTimeMillis() % 100_000);
        log.note("seed %d (repeat with -Dfault.seed=%d)", seed, seed);
        kinesis.createStream(EventType.CLICK.stream(), 2);
        kinesis.createStream(EventType.CHECKOUT.stream(), 2);
        StreamingTraffic traffic = StreamingTraffic.generate(seed, minutes);
        traffic.sendTo(kinesis.endpoint());
        log.note("input sent once to kinesalite (2 streams x 2 shards): %s", traffic.describe());
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "fault-work")), workPrefix);
        return new StreamingFaultSetup(seed, new Random(seed), traffic, work,
                new StreamingTables(postgres.jdbcUrl(), postgres.user(), postgres.password()),
                Endpoints.of(postgres.jdbcUrl(), postgres.user(), postgres.password(), kinesis.endpoint(),
                        null)); // the streaming job uses no S3
    }
}
