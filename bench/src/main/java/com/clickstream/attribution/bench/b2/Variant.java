package com.clickstream.attribution.bench.b2;

/** What feeds the streaming job. */
enum Variant {
    KINESIS("kinesis", "kinesalite"),
    MEMORY("memory", "in-memory source");

    private final String id;
    private final String label;

    Variant(String id, String label) {
        this.id = id;
        this.label = label;
    }

    String id() {
        return id;
    }

    String label() {
        return label;
    }
}
