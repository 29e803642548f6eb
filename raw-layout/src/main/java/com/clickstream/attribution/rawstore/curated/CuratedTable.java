package com.clickstream.attribution.rawstore.curated;

import com.clickstream.attribution.core.curated.CuratedAttribution;
import com.clickstream.attribution.core.curated.CuratedTouchCredit;
import com.clickstream.attribution.rawstore.glue.GlueColumn;
import com.clickstream.attribution.rawstore.glue.GlueColumns;
import java.util.List;

/**
 * The analyst tables over the curated dataset ({@link CuratedLayout}), in Glue database {@code clickstream}
 * beside the raw tables: what the CDK catalog declares and what {@code db/athena/create_tables.sql} creates.
 * The two Parquet tables' columns are {@link GlueColumns} of their Avro records (the reconciler writes them
 * with raw-store's writer, the same mapping as the raw files) and are partitioned by {@code dt}; the manifest
 * table reads the run manifests (one JSON object per file) through the OpenX JSON SerDe, with the explicit
 * list of scalar keys below. The rollup partials are internal to the reconciler: no table.
 */
public enum CuratedTable {

    /** One reconciled checkout per row and run. */
    ATTRIBUTIONS("curated_attributions", CuratedLayout.ATTRIBUTIONS, Format.PARQUET,
            GlueColumns.of(CuratedAttribution.getClassSchema())),
    /** One touch's credit under one model per row and run. */
    TOUCH_CREDITS("curated_touch_credits", CuratedLayout.TOUCH_CREDITS, Format.PARQUET,
            GlueColumns.of(CuratedTouchCredit.getClassSchema())),
    /**
     * One row per run that has a manifest (so whose files count). Only the manifest's scalar keys; the
     * nested ones ({@code schema_fingerprints}, {@code skipped}, {@code rows}, {@code files}, {@code applied})
     * are not columns and the SerDe ignores them. Timestamps stay ISO-8601 strings as written
     * ({@code from_iso8601_timestamp(created_at)} in a query). {@code window} is a DDL reserved word:
     * backquoted in the DDL, plain in Glue, double-quoted in a SELECT only where Athena requires it.
     */
    MANIFESTS("curated_manifests", CuratedLayout.MANIFESTS, Format.JSON, List.of(
            new GlueColumn("run_id", "bigint"),
            new GlueColumn("engine", "string"),
            new GlueColumn("range_from", "string"),
            new GlueColumn("range_to", "string"),
            new GlueColumn("window", "string"),
            new GlueColumn("rule_version", "string"),
            new GlueColumn("arrival_until", "string"),
            new GlueColumn("buckets", "int"),
            new GlueColumn("objects_listed", "bigint"),
            new GlueColumn("objects_read", "bigint"),
            new GlueColumn("events_read", "bigint"),
            new GlueColumn("events_staged", "bigint"),
            new GlueColumn("rejected_rows", "bigint"),
            new GlueColumn("duplicates", "bigint"),
            new GlueColumn("created_at", "string")));

    /** How a table's objects are stored. */
    public enum Format { PARQUET, JSON }

    private final String tableName;
    private final String prefix;
    private final Format format;
    private final List<GlueColumn> columns;

    CuratedTable(String tableName, String prefix, Format format, List<GlueColumn> columns) {
        this.tableName = tableName;
        this.prefix = prefix;
        this.format = format;
        this.columns = columns;
    }

    /** The table name in the Glue database ({@code curated_attributions}, …). */
    public String tableName() {
        return tableName;
    }

    /** The table's folder in the raw bucket (its location), e.g. {@code curated/attributions/}. */
    public String prefix() {
        return prefix;
    }

    public Format format() {
        return format;
    }

    /** The table columns, partition keys excluded. */
    public List<GlueColumn> columns() {
        return columns;
    }

    /** {@code dt string} for the tables of {@link CuratedLayout#PARTITIONED_TABLES}, none for the manifests. */
    public List<GlueColumn> partitionKeys() {
        return CuratedLayout.PARTITIONED_TABLES.contains(prefix)
                ? List.of(new GlueColumn(CuratedLayout.PARTITION_KEY, "string"))
                : List.of();
    }
}
