package com.clickstream.attribution.bench.b2;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Feeds the Kinesis emulator from this JVM with the generator's {@link KinesisSink} (PutRecords, 500
 * records per call, retries). Each tick's records go out on one of {@link #SENDERS} threads, so a
 * slow call does not hold back the next tick; when the emulator cannot take the rate, the calls queue
 * up and the step's sent rate shows it. A step's records are read from the data file before it starts.
 */
final class KinesisFeed implements Feed {

    static final int SENDERS = 4;

    private final KinesisSink sink;
    private final WireData.Reader reader;
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, r -> {
        Thread t = new Thread(r, "b2-kinesis-feed");
        t.setDaemon(true);
        return t;
    });
    private long nextIndex;

    KinesisFeed(KinesisClient client, WireData data) throws IOException {
        Map<String, String> streams = new HashMap<>();
        for (EventType t : EventType.values()) {
            streams.put(t.stream(), t.stream());
        }
        this.sink = new KinesisSink(client, streams);
        this.reader = data.open();
    }

    @Override
    public void feed(int step, int rate, long firstIndex, long count, SendLog log) throws Exception {
        if (firstIndex != nextIndex) {
            throw new IllegalStateException("step starts at " + firstIndex + ", the feed is at " + nextIndex);
        }
        List<OutboundRecord> records = reader.next(count);
        List<Future<?>> calls = new ArrayList<>();
        PacedLoop.run(rate, count, StreamingWorker.TICK_MILLIS, (from, to) -> calls.add(senders.submit(() -> {
            long start = WallClock.micros();
            sink.send(List.copyOf(records.subList((int) from, (int) to)));
            log.add(new SendLog.Chunk(firstIndex + from, firstIndex + to, start, WallClock.micros()));
            return null;
        })));
        for (Future<?> call : calls) {
            call.get();
        }
        nextIndex += count;
    }

    @Override
    public void close() {
        senders.shutdownNow();
        reader.close();
    }
}
