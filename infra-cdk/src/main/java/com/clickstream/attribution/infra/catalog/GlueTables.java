package com.clickstream.attribution.infra.catalog;

import com.clickstream.attribution.rawstore.glue.GlueColumn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.glue.CfnTable;

/** What the raw and the curated Glue tables share: Parquet storage, column conversion, day projection. */
final class GlueTables {

    static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    static final String PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

    private GlueTables() {
    }

    static List<CfnTable.ColumnProperty> columns(List<GlueColumn> columns) {
        return columns.stream()
                .map(c -> CfnTable.ColumnProperty.builder().name(c.name()).type(c.hiveType()).build())
                .toList();
    }

    /** A Parquet storage descriptor (Hive's Parquet SerDe) over {@code location}. */
    static CfnTable.StorageDescriptorProperty parquet(String location, List<GlueColumn> columns) {
        return storage(location, columns, PARQUET_INPUT, PARQUET_OUTPUT, PARQUET_SERDE, Map.of("serialization.format", "1"));
    }

    static CfnTable.StorageDescriptorProperty storage(String location, List<GlueColumn> columns, String inputFormat,
            String outputFormat, String serde, Map<String, String> serdeParameters) {
        return CfnTable.StorageDescriptorProperty.builder()
                .location(location)
                .columns(columns(columns))
                .inputFormat(inputFormat)
                .outputFormat(outputFormat)
                .serdeInfo(CfnTable.SerdeInfoProperty.builder()
                        .serializationLibrary(serde)
                        .parameters(serdeParameters)
                        .build())
                .build();
    }

    /**
     * Parameters of a Snappy Parquet table whose {@code dt} (yyyy-MM-dd, one a day from {@code startDay} to
     * now) is projected from the path; the caller adds any further key and the location template.
     */
    static Map<String, String> parquetWithDayProjection(String startDay) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("classification", "parquet");
        p.put("EXTERNAL", "TRUE");
        p.put("parquet.compression", "SNAPPY");
        p.put("projection.enabled", "true");
        p.put("projection.dt.type", "date");
        p.put("projection.dt.format", "yyyy-MM-dd");
        p.put("projection.dt.range", startDay + ",NOW");
        p.put("projection.dt.interval", "1");
        p.put("projection.dt.interval.unit", "DAYS");
        return p;
    }
}
