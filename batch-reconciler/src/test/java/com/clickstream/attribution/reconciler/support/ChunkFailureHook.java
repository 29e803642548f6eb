package com.clickstream.attribution.reconciler.support;

import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.batch.core.ItemWriteListener;
import org.springframework.batch.item.Chunk;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test hook: fails the n-th written chunk of a run once, after its writes and inside its transaction,
 * as a crash in the middle of a partition would. The chunk's corrections roll back with it.
 */
public final class ChunkFailureHook implements ItemWriteListener<RecomputedCheckout> {

    private final AtomicInteger countdown = new AtomicInteger(-1);

    /** Fails the {@code n}-th chunk written from now on (1 = the next one), once. */
    public void failChunk(int n) {
        countdown.set(n);
    }

    @Override
    public void afterWrite(Chunk<? extends RecomputedCheckout> items) {
        if (countdown.get() > 0 && countdown.decrementAndGet() == 0) {
            throw new IllegalStateException("injected failure after writing a chunk (test hook)");
        }
    }

    /** Registers the hook in the reconciler's context. */
    @Configuration(proxyBeanMethods = false)
    public static class Registration {
        @Bean
        public ChunkFailureHook chunkFailureHook() {
            return new ChunkFailureHook();
        }
    }
}
