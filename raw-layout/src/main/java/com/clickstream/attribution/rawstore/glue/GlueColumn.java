package com.clickstream.attribution.rawstore.glue;

import java.util.Objects;

/**
 * One column of a Glue table / Athena DDL.
 *
 * @param name     the column name (= the Avro field name)
 * @param hiveType the Hive type string, e.g. {@code decimal(10,2)} or {@code array<struct<a:string,b:int>>}
 */
public record GlueColumn(String name, String hiveType) {

    public GlueColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hiveType, "hiveType");
    }

    /** {@code name hiveType}, as in a CREATE TABLE column list. */
    @Override
    public String toString() {
        return name + " " + hiveType;
    }
}
