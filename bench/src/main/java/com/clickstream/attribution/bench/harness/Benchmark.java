package com.clickstream.attribution.bench.harness;

/** One benchmark of docs/benchmarks.md: measures, then records tables, charts and metrics in its section. */
public interface Benchmark {

    /** Short id used on the command line ({@code --only b1}), in the JSON file and in the report markers. */
    String id();

    /** Section title in the report. */
    String title();

    void run(BenchContext context, Section section) throws Exception;
}
