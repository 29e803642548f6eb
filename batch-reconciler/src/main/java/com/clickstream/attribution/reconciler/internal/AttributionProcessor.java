package com.clickstream.attribution.reconciler.internal;

import com.clickstream.attribution.reconciler.recompute.Recomputation;
import com.clickstream.attribution.reconciler.recompute.UserEvents;
import com.clickstream.attribution.reconciler.recompute.UserReconciliation;
import java.util.Objects;
import org.springframework.batch.item.ItemProcessor;

/** Recomputes one user's answers with attribution-core ({@link Recomputation}). */
public class AttributionProcessor implements ItemProcessor<UserEvents, UserReconciliation> {

    private final Recomputation recomputation;

    public AttributionProcessor(Recomputation recomputation) {
        this.recomputation = Objects.requireNonNull(recomputation, "recomputation");
    }

    @Override
    public UserReconciliation process(UserEvents user) {
        return recomputation.recompute(user);
    }
}
