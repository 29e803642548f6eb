package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.rules.ClickOrder;
import com.clickstream.attribution.reconciler.config.ContextKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamReader;

/**
 * Reads one bucket's users ({@link BucketEvents}) one {@link UserEvents} at a time, in user-id order.
 *
 * <p>Restart position: the id of the last user of the last committed chunk, saved with every chunk. A
 * restarted partition resumes with the first user after it, so even if the restaged bucket gained
 * users (objects added to old partitions since), no committed user is redone and none is skipped.
 */
public class BucketUserEventsReader implements ItemStreamReader<UserEvents> {

    private static final String LAST_USER = "rawEventsReader.lastUser";

    private final Path file;
    private BucketEvents bucket;
    private int next;
    private String lastRead;

    public BucketUserEventsReader(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public void open(ExecutionContext context) {
        bucket = BucketEvents.load(file);
        next = 0;
        lastRead = context.containsKey(LAST_USER) ? context.getString(LAST_USER) : null;
        if (lastRead != null) {
            List<UserEvents> users = bucket.users();
            while (next < users.size() && ClickOrder.EVENT_ID.compare(users.get(next).userId(), lastRead) <= 0) {
                next++;
            }
        }
    }

    @Override
    public UserEvents read() {
        if (next >= bucket.users().size()) {
            return null;
        }
        UserEvents user = bucket.users().get(next++);
        lastRead = user.userId();
        return user;
    }

    @Override
    public void update(ExecutionContext context) {
        if (lastRead != null) {
            context.putString(LAST_USER, lastRead);
        }
        if (bucket != null) {
            context.putLong(ContextKeys.RECORDS, bucket.records());
            context.putLong(ContextKeys.DUPLICATES, bucket.duplicates());
            context.putInt(ContextKeys.USERS, bucket.users().size());
        }
    }

    @Override
    public void close() {
        bucket = null;
    }
}
