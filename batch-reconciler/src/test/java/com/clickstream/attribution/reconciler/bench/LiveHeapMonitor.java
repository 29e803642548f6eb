package com.clickstream.attribution.reconciler.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The largest heap still in use right after a garbage collection: the peak live set, which is what a
 * run needs, unlike the raw peak of used heap (which grows with -Xmx because the collector waits).
 */
final class LiveHeapMonitor implements AutoCloseable {

    private final AtomicLong maxAfterGc = new AtomicLong();
    private final List<Runnable> removals = new ArrayList<>();

    LiveHeapMonitor() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter emitter)) {
                continue;
            }
            NotificationListener listener = (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                    used += usage.getUsed();
                }
                maxAfterGc.accumulateAndGet(used, Math::max);
            };
            emitter.addNotificationListener(listener, null, null);
            removals.add(() -> {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (Exception ignored) {
                    // already gone
                }
            });
        }
    }

    /** Peak heap (all pools, incl. non-heap pools reported by the collector are excluded by the caller's -Xmx view). */
    long maxUsedAfterGc() {
        return maxAfterGc.get();
    }

    @Override
    public void close() {
        removals.forEach(Runnable::run);
    }
}
