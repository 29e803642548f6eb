package com.clickstream.attribution.reconciler.curated;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.raw.StageResult;
import org.springframework.batch.item.ExecutionContext;

/** The manifest's figures as the job context carries them to the apply steps, the run summary and the exit code. */
final class ManifestFigures {

    private ManifestFigures() {
    }

    static void publish(RunManifest manifest, ExecutionContext job) {
        job.put(ContextKeys.STAGE_RESULT, new StageResult(manifest.objectsListed(), manifest.objectsRead(),
                manifest.eventsRead(), manifest.eventsStaged(), manifest.rejectedRows(), manifest.skipped()));
        job.put(ContextKeys.PARTIAL_RAW_DATA, manifest.partial());
        job.putLong(ContextKeys.DUPLICATES, manifest.duplicates());
    }
}
