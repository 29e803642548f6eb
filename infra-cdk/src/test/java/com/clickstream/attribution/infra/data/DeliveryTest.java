package com.clickstream.attribution.infra.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawPartition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

/** Firehose: Kinesis in, Parquet out, in the raw layout's partitions. */
class DeliveryTest {

    private static final Pattern TIMESTAMP = Pattern.compile("!\\{timestamp:([^}]*)}");
    private static Template template;
    private static InfraTestApp app;

    @BeforeAll
    static void synth() {
        app = InfraTestApp.get();
        template = app.template(app.stacks().data());
    }

    @Test
    void oneDeliveryStreamPerEventTypeReadingItsKinesisStream() {
        template.resourceCountIs("AWS::KinesisFirehose::DeliveryStream", EventType.values().length);
        for (EventType type : EventType.values()) {
            Map<String, Object> p = delivery(type);
            assertThat(p.get("DeliveryStreamType")).isEqualTo("KinesisStreamAsSource");
            assertThat(String.valueOf(Cfn.path(p, "KinesisStreamSourceConfiguration", "KinesisStreamARN")))
                    .contains("Streams" + Character.toUpperCase(type.stream().charAt(0)) + type.stream().substring(1));
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void prefixFormatsToTheRawPartitionOfTheArrivalHourInUtc(EventType type) {
        Map<String, Object> s3 = s3(type);
        String prefix = (String) s3.get("Prefix");
        assertThat(s3.get("CustomTimeZone")).isEqualTo("UTC");
        for (String at : List.of("2026-01-01T00:00:00Z", "2026-06-30T09:15:00Z", "2026-12-31T23:59:59.999Z")) {
            Instant arrival = Instant.parse(at);
            assertThat(firehoseFormat(prefix, arrival)).isEqualTo(RawPartition.of(type, arrival).prefix());
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void failedRecordsAreKeptUnderTheErrorPrefixByErrorType(EventType type) {
        String errors = (String) s3(type).get("ErrorOutputPrefix");
        assertThat(errors).startsWith(RawLayout.errorTypePrefix(type) + "!{firehose:error-output-type}/");
        assertThat(firehoseFormat(errors, Instant.parse("2026-02-03T04:05:06Z")))
                .isEqualTo(RawLayout.errorTypePrefix(type) + "!{firehose:error-output-type}/dt=2026-02-03/hour=04/");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void jsonBecomesSnappyParquetWithTheGlueTableSchemaAndNoS3LevelCompression(EventType type) {
        Map<String, Object> s3 = s3(type);
        assertThat(s3.get("CompressionFormat")).isEqualTo("UNCOMPRESSED");
        assertThat(s3.get("FileExtension")).isEqualTo(RawLayout.PARQUET_SUFFIX);
        Object conversion = s3.get("DataFormatConversionConfiguration");
        assertThat(Cfn.path(conversion, "Enabled")).isEqualTo(true);
        assertThat(Cfn.path(conversion, "InputFormatConfiguration", "Deserializer", "OpenXJsonSerDe")).isNotNull();
        assertThat(Cfn.path(conversion, "OutputFormatConfiguration", "Serializer", "ParquetSerDe", "Compression")).isEqualTo("SNAPPY");
        assertThat(Cfn.path(conversion, "SchemaConfiguration", "DatabaseName")).isEqualTo(app.settings().glueDatabase());
        assertThat(Cfn.path(conversion, "SchemaConfiguration", "TableName")).isEqualTo(type.stream());
        assertThat(Cfn.path(conversion, "SchemaConfiguration", "VersionId")).isEqualTo("LATEST");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void buffersWithinTheParquetConversionLimitsEncryptsAndLogs(EventType type) {
        Map<String, Object> s3 = s3(type);
        assertThat(Cfn.path(s3, "BufferingHints", "IntervalInSeconds")).isEqualTo(app.settings().firehoseBufferSeconds());
        assertThat((Integer) Cfn.path(s3, "BufferingHints", "SizeInMBs")).isBetween(64, 128);
        assertThat(Cfn.path(s3, "EncryptionConfiguration", "KMSEncryptionConfig", "AWSKMSKeyARN")).isNotNull();
        assertThat(Cfn.path(s3, "CloudWatchLoggingOptions", "Enabled")).isEqualTo(true);
    }

    @Test
    void firehoseRolesReadOnlyTheirOwnTableSchema() {
        // the analyst role reads the catalog too (AnalystAccessTest); every other reader is a Firehose role
        List<Map<String, Object>> analysts = Cfn.roleStatements(template, Cfn.logicalId(app.stacks().data().getAnalysts().getRole()));
        List<Map<String, Object>> glue = Cfn.iamStatements(template).stream()
                .filter(s -> Cfn.list(s.get("Action")).contains("glue:GetTable"))
                .filter(s -> !analysts.contains(s))
                .toList();
        assertThat(glue).hasSize(EventType.values().length);
        for (Map<String, Object> statement : glue) {
            List<Object> resources = Cfn.list(statement.get("Resource"));
            assertThat(resources).hasSize(3).noneMatch("*"::equals);
            assertThat(String.valueOf(resources.get(2))).matches(".*:table/clickstream/(clicks|checkouts).*");
        }
    }

    /** Expands Firehose's {@code !{timestamp:fmt}} (Java DateTimeFormatter patterns) at {@code arrival}, UTC. */
    static String firehoseFormat(String prefix, Instant arrival) {
        Matcher m = TIMESTAMP.matcher(prefix);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, DateTimeFormatter.ofPattern(m.group(1)).withZone(ZoneOffset.UTC).format(arrival));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> s3(EventType type) {
        return (Map<String, Object>) delivery(type).get("ExtendedS3DestinationConfiguration");
    }

    private static Map<String, Object> delivery(EventType type) {
        return Cfn.resources(template, "AWS::KinesisFirehose::DeliveryStream").values().stream().map(Cfn::properties)
                .filter(p -> ("clickstream-" + type.stream() + "-to-s3").equals(p.get("DeliveryStreamName")))
                .findFirst().orElseThrow(() -> new AssertionError("no delivery stream for " + type));
    }
}
