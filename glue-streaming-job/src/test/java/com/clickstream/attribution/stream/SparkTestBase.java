package com.clickstream.attribution.stream;

import com.clickstream.attribution.stream.job.LocalSpark;
import org.apache.spark.sql.SparkSession;

/**
 * One local[2] Spark session per test JVM (surefire and failsafe each fork one JVM and reuse it),
 * bound to 127.0.0.1, no UI, 2 shuffle partitions. Test classes share it; each streaming test uses
 * its own checkpoint folder and stops its queries.
 */
public abstract class SparkTestBase {

    private static SparkSession session;

    protected static synchronized SparkSession spark() {
        if (session == null) {
            session = LocalSpark.builder("local[2]", 2).appName("glue-streaming-job-tests").getOrCreate();
            session.sparkContext().setLogLevel("WARN");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop(), "stop-test-spark"));
        }
        return session;
    }
}
