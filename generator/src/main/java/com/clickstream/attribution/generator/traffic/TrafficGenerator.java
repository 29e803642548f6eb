package com.clickstream.attribution.generator.traffic;

import com.clickstream.attribution.core.contract.EventJson;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.RejectReason;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.generator.model.Catalog;
import com.clickstream.attribution.generator.model.User;
import com.clickstream.attribution.generator.model.UserBase;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * The generator: an iterator of records in ARRIVAL order, deterministic for a config.
 *
 * <p>How it works: sessions start as a Poisson process in event time; their events wait in a queue
 * ordered by event time and are released once no later-starting session can precede them. Each
 * released event gets an arrival time — its event time, plus a small slip (out of order) or a long
 * delay (late) — and maybe a duplicate and a malformed sibling; a second queue hands records out in
 * arrival order. Memory is bounded by the longest delay, not by the run length.
 */
public final class TrafficGenerator implements Iterator<GeneratedRecord> {

    private record Pending(Instant at, long seq, Object item) {
    }

    private static final Comparator<Pending> BY_TIME =
            Comparator.comparing(Pending::at).thenComparingLong(Pending::seq);

    private final GeneratorConfig config;
    private final UserBase users;
    private final SessionSimulator sessions;
    private final SplittableRandom random;
    private final double meanSessionGapMillis;
    private final PriorityQueue<Pending> byEventTime = new PriorityQueue<>(BY_TIME);
    private final PriorityQueue<Pending> byArrival = new PriorityQueue<>(BY_TIME);
    private Instant nextSessionStart;
    private long seq;
    private long emitted;
    private int malformedCursor;

    public TrafficGenerator(GeneratorConfig config) {
        this.config = config;
        this.users = UserBase.generate(config.seed(), config.users());
        this.sessions = new SessionSimulator(Catalog.standard(), config);
        this.random = new SplittableRandom(config.seed());
        this.meanSessionGapMillis = 1000.0 * SessionSimulator.meanEventsPerSession() / config.eventsPerSecond();
        this.nextSessionStart = config.start();
    }

    public UserBase users() {
        return users;
    }

    @Override
    public boolean hasNext() {
        if (config.maxEvents() > 0 && emitted >= config.maxEvents()) {
            return false;
        }
        fill();
        return !byArrival.isEmpty();
    }

    @Override
    public GeneratedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        emitted++;
        return (GeneratedRecord) byArrival.poll().item();
    }

    /** Advances event time until the earliest arrival can no longer be preceded by anything new. */
    private void fill() {
        while (true) {
            boolean sessionsLeft = nextSessionStart.isBefore(config.end());
            Instant frontier = sessionsLeft ? nextSessionStart : Instant.MAX;
            releaseEventsBefore(frontier);
            if (!byArrival.isEmpty() && byArrival.peek().at().isBefore(frontier)) {
                return;
            }
            if (!sessionsLeft) {
                return;
            }
            startSession();
        }
    }

    private void startSession() {
        User user = users.pick(random);
        for (SpecificRecord event : sessions.session(user, nextSessionStart, random)) {
            byEventTime.add(new Pending(eventTime(event), seq++, event));
        }
        double gap = -Math.log(1.0 - random.nextDouble()) * meanSessionGapMillis;
        nextSessionStart = nextSessionStart.plusMillis(Math.max(1, Math.round(gap)));
    }

    /** Events before the frontier are final: give them arrival times and queue them for delivery. */
    private void releaseEventsBefore(Instant frontier) {
        while (!byEventTime.isEmpty() && byEventTime.peek().at().isBefore(frontier)) {
            deliver((SpecificRecord) byEventTime.poll().item());
        }
    }

    private void deliver(SpecificRecord event) {
        EventType type = event instanceof Click ? EventType.CLICK : EventType.CHECKOUT;
        Instant eventTs = eventTime(event);
        String eventId = type == EventType.CLICK ? ((Click) event).getEventId() : ((Checkout) event).getEventId();
        String userId = type == EventType.CLICK ? ((Click) event).getUserId() : ((Checkout) event).getUserId();

        boolean late = random.nextDouble() < config.lateFraction();
        boolean outOfOrder = !late && random.nextDouble() < config.outOfOrderFraction();
        Instant arrival = eventTs;
        if (late) {
            arrival = eventTs.plus(between(config.lateDelayMin(), config.lateDelayMax()));
        } else if (outOfOrder) {
            arrival = eventTs.plus(between(Duration.ofMillis(1), config.outOfOrderMaxDelay()));
        }
        OutboundRecord wire = new OutboundRecord(type.stream(), userId, EventJson.toJsonBytes((IndexedRecord) event));
        RecordKind kind = type == EventType.CLICK ? RecordKind.CLICK : RecordKind.CHECKOUT;
        queue(new GeneratedRecord(wire, kind, eventId, eventTs, arrival, late, outOfOrder, null));

        if (random.nextDouble() < config.duplicateFraction()) {
            Instant again = arrival.plus(between(Duration.ofMillis(1), Duration.ofMinutes(2)));
            queue(new GeneratedRecord(wire, RecordKind.DUPLICATE, eventId, eventTs, again, late, outOfOrder, null));
        }
        if (random.nextDouble() < config.malformedFraction()) {
            List<RejectReason> reasons = MalformedRecords.reasonsFor(type);
            RejectReason reason = reasons.get(malformedCursor++ % reasons.size());
            MalformedRecords.Broken broken = MalformedRecords.corrupt(event, type, reason, arrival);
            queue(new GeneratedRecord(new OutboundRecord(broken.stream(), userId, broken.payload()),
                    RecordKind.MALFORMED, null, eventTs, arrival, false, false, reason));
        }
    }

    private void queue(GeneratedRecord record) {
        byArrival.add(new Pending(record.arrivalTime(), seq++, record));
    }

    private Duration between(Duration min, Duration max) {
        long span = max.toMillis() - min.toMillis();
        return min.plusMillis(span <= 0 ? 0 : random.nextLong(span + 1));
    }

    private static Instant eventTime(SpecificRecord event) {
        return event instanceof Click click ? click.getEventTs() : ((Checkout) event).getEventTs();
    }
}
