package com.clickstream.attribution.infra.catalog;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.glue.GlueColumns;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Glue database and one external table per event type over {@code raw/<event_type>/}: the schema
 * Firehose converts JSON to Parquet with, and what Athena queries. Columns come from
 * {@link GlueColumns} (the Avro contract), partitions {@code dt}/{@code hour} are projected from the
 * path template (no crawler, no MSCK REPAIR): exactly the layout of {@link RawLayout}.
 */
public final class RawEventsCatalog extends Construct {

    private final CfnDatabase database;
    private final Map<EventType, CfnTable> tables = new EnumMap<>(EventType.class);
    private final String databaseName;

    public RawEventsCatalog(Construct scope, String id, PipelineSettings settings, IBucket raw) {
        super(scope, id);
        this.databaseName = settings.glueDatabase();
        this.database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(Aws.ACCOUNT_ID)
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(databaseName)
                        .description("Raw click and checkout events as landed by Firehose (Parquet, partitioned by arrival hour)")
                        .build())
                .build();
        for (EventType type : EventType.values()) {
            String location = "s3://" + raw.getBucketName() + "/" + RawLayout.typePrefix(type);
            CfnTable table = CfnTable.Builder.create(this, type.wireName() + "Table")
                    .catalogId(Aws.ACCOUNT_ID)
                    .databaseName(databaseName)
                    .tableInput(CfnTable.TableInputProperty.builder()
                            .name(tableName(type))
                            .description("Raw " + type.wireName() + " events as received (duplicates included), "
                                    + "partitioned by ARRIVAL time (UTC); columns = the Avro contract")
                            .tableType("EXTERNAL_TABLE")
                            .partitionKeys(GlueTables.columns(GlueColumns.partitionKeys()))
                            .parameters(tableParameters(location, settings.projectionStartDay()))
                            .storageDescriptor(GlueTables.parquet(location, GlueColumns.of(type)))
                            .build())
                    .build();
            table.addResourceDependency(database);
            tables.put(type, table);
        }
    }

    /** The table of an event type: its stream name ({@code clicks}, {@code checkouts}), as in db/athena. */
    public static String tableName(EventType type) {
        return type.stream();
    }

    /**
     * Partition projection over {@code dt=YYYY-MM-DD/hour=HH/}: {@code dt} a date from the start day to
     * now, {@code hour} two digits 00..23 (RawLayout writes hour with two digits, Firehose's
     * {@code !{timestamp:HH}} too).
     */
    static Map<String, String> tableParameters(String location, String startDay) {
        Map<String, String> p = GlueTables.parquetWithDayProjection(startDay);
        p.put("projection.hour.type", "integer");
        p.put("projection.hour.range", "0,23");
        p.put("projection.hour.digits", "2");
        p.put("storage.location.template", location + "dt=${dt}/hour=${hour}/");
        return p;
    }

    public String getDatabaseName() {
        return databaseName;
    }

    /** The Glue database resource: tables of other constructs in it depend on it. */
    public CfnDatabase getDatabase() {
        return database;
    }

    public CfnTable getTable(EventType type) {
        return tables.get(type);
    }

    /** ARNs a reader of the table schema needs (catalog, database, table). */
    public List<String> schemaArns(EventType type) {
        String prefix = "arn:" + Aws.PARTITION + ":glue:" + Stack.of(this).getRegion() + ":" + Aws.ACCOUNT_ID;
        return List.of(prefix + ":catalog",
                prefix + ":database/" + databaseName,
                prefix + ":table/" + databaseName + "/" + tableName(type));
    }
}
