package com.clickstream.attribution.bench.b2;

import com.clickstream.attribution.bench.harness.Dirs;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.local.RuntimeOptions;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Why the ramps use kinesalite: the feed alone (no job) into kinesis-local 0.6.2, the emulator the
 * issue names, with the same streams (2 x 2 shards), records and {@link KinesisFeed} as a ramp step.
 * Returns the records/s it accepted.
 */
final class KinesisLocalProbe {

    private KinesisLocalProbe() {
    }

    static double acceptedRate(WireData data, int rate, Duration duration, Path dir) throws Exception {
        Dirs.deleteRecursively(dir);
        try (KinesisServerExtension server = KinesisServerExtension.kinesisLocal().logDir(dir.resolve("logs"))) {
            server.start();
            for (EventType t : EventType.values()) {
                server.createStream(t.stream(), RuntimeOptions.defaults().shards());
            }
            long records = RampPlan.records(rate, duration);
            SendLog sends = new SendLog();
            try (KinesisFeed feed = new KinesisFeed(server.client(), data)) {
                feed.feed(0, rate, 0, records, sends);
            }
            return sends.rate(0, records);
        }
    }
}
