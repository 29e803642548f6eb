package com.clickstream.attribution.infra.catalog;

import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import com.clickstream.attribution.rawstore.curated.CuratedTable;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Glue tables over the reconciler's curated dataset ({@link CuratedLayout}, under {@code curated/} of
 * the raw bucket), in the raw catalog's database: {@link CuratedTable} says which tables, their columns
 * ({@code GlueColumns} of the Avro records for the two Parquet tables) and partition keys.
 * {@code curated_attributions} and {@code curated_touch_credits} project {@code dt} (the checkout's UTC
 * day) from {@code curated/<table>/dt=${dt}/} like the raw tables, so no crawler or MSCK REPAIR;
 * {@code curated_manifests} reads the one-line JSON manifests with the OpenX JSON SerDe.
 *
 * <p>A table holds every run's rows: a reader wants the latest run with a manifest per checkout, which is
 * the view {@code clickstream.reconciled_attributions} of {@code db/athena/curated.sql} (not created here:
 * an Athena view in Glue is an encoded Presto view that only Athena's own {@code CREATE VIEW} writes
 * reliably).
 */
public final class CuratedDatasetCatalog extends Construct {

    static final String JSON_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
    static final String JSON_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
    static final String JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";

    private final Map<CuratedTable, CfnTable> tables = new EnumMap<>(CuratedTable.class);

    public CuratedDatasetCatalog(Construct scope, String id, PipelineSettings settings, IBucket raw,
            RawEventsCatalog catalog) {
        super(scope, id);
        for (CuratedTable curated : CuratedTable.values()) {
            String location = "s3://" + raw.getBucketName() + "/" + curated.prefix();
            CfnTable table = CfnTable.Builder.create(this, curated.name())
                    .catalogId(Aws.ACCOUNT_ID)
                    .databaseName(catalog.getDatabaseName())
                    .tableInput(CfnTable.TableInputProperty.builder()
                            .name(curated.tableName())
                            .description(description(curated))
                            .tableType("EXTERNAL_TABLE")
                            .partitionKeys(GlueTables.columns(curated.partitionKeys()))
                            .parameters(parameters(curated, location, settings.projectionStartDay()))
                            .storageDescriptor(curated.format() == CuratedTable.Format.PARQUET
                                    ? GlueTables.parquet(location, curated.columns())
                                    : json(location, curated))
                            .build())
                    .build();
            table.addResourceDependency(catalog.getDatabase());
            tables.put(curated, table);
        }
    }

    private static String description(CuratedTable curated) {
        return switch (curated) {
            case ATTRIBUTIONS -> "Reconciled first-click attribution, one row per checkout and run, partitioned by the "
                    + "checkout's UTC day; latest run per checkout: view reconciled_attributions";
            case TOUCH_CREDITS -> "Multi-touch credits, one row per (checkout, model, touch) and run, partitioned by the "
                    + "checkout's UTC day";
            case MANIFESTS -> "One row per reconciliation run whose curated files are complete (the manifest is written last)";
        };
    }

    /** Parquet tables: Snappy, {@code dt} projected; the manifest table: JSON, nothing projected. */
    static Map<String, String> parameters(CuratedTable curated, String location, String startDay) {
        if (curated.format() == CuratedTable.Format.JSON) {
            return Map.of("classification", "json", "EXTERNAL", "TRUE");
        }
        Map<String, String> p = GlueTables.parquetWithDayProjection(startDay);
        p.put("storage.location.template", location + CuratedLayout.PARTITION_KEY + "=${dt}/");
        return p;
    }

    private static CfnTable.StorageDescriptorProperty json(String location, CuratedTable curated) {
        // a manifest that is not JSON fails the query instead of reading as nulls
        return GlueTables.storage(location, curated.columns(), JSON_INPUT, JSON_OUTPUT, JSON_SERDE,
                Map.of("ignore.malformed.json", "false"));
    }

    public CfnTable getTable(CuratedTable table) {
        return tables.get(table);
    }
}
