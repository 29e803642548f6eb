package com.clickstream.attribution.rawstore;

import com.clickstream.attribution.core.contract.EventType;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 object layout of the raw events, in one place (docs/raw-layout.md). Partitions are by
 * ARRIVAL time in UTC, Hive style, as Firehose writes them on AWS:
 * <pre>
 *   raw/&lt;event_type&gt;/dt=YYYY-MM-DD/hour=HH/&lt;name&gt;.parquet
 *   raw-errors/&lt;event_type or unknown&gt;/dt=YYYY-MM-DD/hour=HH/&lt;name&gt;
 * </pre>
 * {@code event_type} is the wire name ({@code click}, {@code checkout}); {@code dt} and {@code hour}
 * are the Glue table's partition keys (strings; hour two digits, as Athena's partition projection
 * with {@code projection.hour.digits=2} expects). A late event sits in a LATER partition than its
 * event time, so a reader of an event-time range lists from {@code from - W} up to now.
 */
public final class RawLayout {

    /** Prefix of the valid events (the Glue tables' locations are {@code raw/<event_type>/}). */
    public static final String RAW_PREFIX = "raw/";
    /** Prefix of records that failed validation (Firehose's error output prefix on AWS). */
    public static final String ERRORS_PREFIX = "raw-errors/";
    /** Error folder for records whose event type could not be told. */
    public static final String UNKNOWN_TYPE = "unknown";
    public static final String PARQUET_SUFFIX = ".parquet";
    /**
     * The partition folders as a Firehose prefix expression (S3 prefix after {@link #typePrefix}), with
     * the delivery stream's custom time zone set to UTC: {@code dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/}.
     */
    public static final String FIREHOSE_PARTITION_EXPRESSION = "dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/";
    /** Partition keys of the Glue tables, in order; both are strings. */
    public static final List<String> PARTITION_KEYS = List.of("dt", "hour");

    private static final DateTimeFormatter DT = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final Pattern KEY = Pattern.compile(
            "raw/(?<type>[^/]*)/(?<dt>[^/]*)/(?<hour>[^/]*)/(?<name>.*)");
    private static final Pattern DT_FOLDER = Pattern.compile("dt=(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern HOUR_FOLDER = Pattern.compile("hour=(\\d{2})");

    private RawLayout() {
    }

    /** {@code raw/<type>/dt=.../hour=.../<name>.parquet} for a record (or batch) that arrived at {@code arrival}. */
    public static String objectKey(EventType type, Instant arrival, String name) {
        checkName(name);
        String file = name.endsWith(PARQUET_SUFFIX) ? name : name + PARQUET_SUFFIX;
        return RawPartition.of(type, arrival).prefix() + file;
    }

    /** {@code raw-errors/<type or unknown>/dt=.../hour=.../<name>}; {@code typeOrNull} null = unknown. */
    public static String errorKey(EventType typeOrNull, Instant arrival, String name) {
        checkName(name);
        RawPartition hour = RawPartition.of(EventType.CLICK, arrival);
        return errorTypePrefix(typeOrNull) + folder(null, hour.dt(), hour.hour()) + name;
    }

    /** {@code raw/<type>/}: the Glue table's location. */
    public static String typePrefix(EventType type) {
        return RAW_PREFIX + type.wireName() + "/";
    }

    /** {@code raw-errors/<type or unknown>/}. */
    public static String errorTypePrefix(EventType typeOrNull) {
        return ERRORS_PREFIX + (typeOrNull == null ? UNKNOWN_TYPE : typeOrNull.wireName()) + "/";
    }

    /**
     * The hourly partitions of {@code type} whose arrival hour overlaps {@code [from, to]}: from the
     * hour holding {@code from} to the hour holding {@code to}, both included, oldest first.
     */
    public static List<RawPartition> partitions(EventType type, Instant from, Instant to) {
        Objects.requireNonNull(type, "type");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("range end " + to + " is before its start " + from);
        }
        List<RawPartition> partitions = new ArrayList<>();
        RawPartition last = RawPartition.of(type, to);
        for (RawPartition p = RawPartition.of(type, from); !p.start().isAfter(last.start()); p = p.next()) {
            partitions.add(p);
        }
        return partitions;
    }

    /** {@link #partitions} for every event type, grouped by type in {@link EventType} order. */
    public static List<RawPartition> partitions(Instant from, Instant to) {
        List<RawPartition> all = new ArrayList<>();
        for (EventType type : EventType.values()) {
            all.addAll(partitions(type, from, to));
        }
        return all;
    }

    /**
     * Parses a listed key back into its partition and object name.
     *
     * @throws BadRawObjectException with {@link BadObjectReason#UNPARSEABLE_PARTITION} when the key is not
     *                               under {@code raw/}, names an unknown event type, or its {@code dt=} /
     *                               {@code hour=} folders are not a valid UTC day and a two-digit hour
     */
    public static RawObjectKey parse(String key) throws BadRawObjectException {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw unparseable(key, "not raw/<event_type>/dt=YYYY-MM-DD/hour=HH/<name>");
        }
        EventType type = EventType.fromWireName(m.group("type"))
                .orElseThrow(() -> unparseable(key, "unknown event type folder '" + m.group("type") + "'"));
        Matcher dt = DT_FOLDER.matcher(m.group("dt"));
        if (!dt.matches()) {
            throw unparseable(key, "folder '" + m.group("dt") + "' is not dt=YYYY-MM-DD");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(dt.group(1), DT);
        } catch (DateTimeException e) {
            throw unparseable(key, "folder '" + m.group("dt") + "' is not a calendar day");
        }
        Matcher hour = HOUR_FOLDER.matcher(m.group("hour"));
        if (!hour.matches() || Integer.parseInt(hour.group(1)) > 23) {
            throw unparseable(key, "folder '" + m.group("hour") + "' is not hour=00..23");
        }
        String name = m.group("name");
        if (name.isEmpty() || name.contains("/")) {
            throw unparseable(key, "object name '" + name + "' is empty or nested deeper than hour=HH/");
        }
        return new RawObjectKey(key, new RawPartition(type, day, Integer.parseInt(hour.group(1))), name);
    }

    /** {@code <type>/dt=YYYY-MM-DD/hour=HH/} (without the type when {@code typeFolder} is null). */
    static String folder(String typeFolder, LocalDate dt, int hour) {
        String partition = "dt=" + DT.format(dt) + "/hour=" + (hour < 10 ? "0" : "") + hour + "/";
        return typeFolder == null ? partition : typeFolder + "/" + partition;
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("object name must be non-blank and contain no '/': " + name);
        }
    }

    private static BadRawObjectException unparseable(String key, String detail) {
        return new BadRawObjectException(BadObjectReason.UNPARSEABLE_PARTITION, detail + ": " + key);
    }
}
