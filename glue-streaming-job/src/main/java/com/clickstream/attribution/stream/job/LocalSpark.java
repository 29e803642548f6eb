package com.clickstream.attribution.stream.job;

import org.apache.spark.sql.SparkSession;

/**
 * A Spark session for local runs and tests: everything on 127.0.0.1 (driver host and bind address;
 * set {@code SPARK_LOCAL_IP=127.0.0.1} too), no UI, few shuffle partitions (they are also the
 * number of state store partitions, fixed when a checkpoint is created).
 */
public final class LocalSpark {

    private LocalSpark() {
    }

    public static SparkSession.Builder builder(String master, int shufflePartitions) {
        return SparkSession.builder()
                .master(master)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
                .config("spark.sql.session.timeZone", "UTC")
                // Speculative execution would read a Kinesis shard twice at the same time.
                .config("spark.speculation", "false");
    }
}
