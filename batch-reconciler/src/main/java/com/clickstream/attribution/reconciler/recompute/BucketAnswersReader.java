package com.clickstream.attribution.reconciler.recompute;

import com.clickstream.attribution.core.rules.ClickOrder;
import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamReader;

/**
 * Reads one bucket's answers ({@link RecomputeEngine#recompute}) one user ({@link UserReconciliation}) at a
 * time, in user-id order.
 *
 * <p>Restart position: the id of the last user of the last committed chunk, saved with every chunk. A
 * restarted partition resumes with the first user after it, so even if the restaged bucket gained
 * users (objects added to old partitions since), no committed user is redone and none is skipped.
 */
public class BucketAnswersReader implements ItemStreamReader<UserReconciliation> {

    private static final String LAST_USER = "rawEventsReader.lastUser";

    private final RecomputeEngine engine;
    private final ReconciliationParameters parameters;
    private final Path dir;
    private final int bucketNumber;
    private BucketAnswers bucket;
    private int next;
    private String lastRead;

    public BucketAnswersReader(RecomputeEngine engine, ReconciliationParameters parameters, Path dir, int bucket) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.bucketNumber = bucket;
    }

    @Override
    public void open(ExecutionContext context) {
        bucket = engine.recompute(parameters, dir, bucketNumber);
        next = 0;
        lastRead = context.containsKey(LAST_USER) ? context.getString(LAST_USER) : null;
        if (lastRead != null) {
            List<UserReconciliation> users = bucket.users();
            while (next < users.size() && ClickOrder.EVENT_ID.compare(users.get(next).userId(), lastRead) <= 0) {
                next++;
            }
        }
    }

    @Override
    public UserReconciliation read() {
        if (next >= bucket.users().size()) {
            return null;
        }
        UserReconciliation user = bucket.users().get(next++);
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
