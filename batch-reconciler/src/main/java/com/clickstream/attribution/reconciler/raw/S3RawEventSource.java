package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.rawstore.BadObjectReason;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawObjectKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Raw events in S3, in raw-store's layout ({@link RawLayout}), read with raw-store's Parquet reader.
 *
 * <p>Reading holds one object's bytes and its decoded events ({@link RawObjectDecoder}). S3 calls are
 * retried by the client (reconciler.s3.max-attempts); an object S3 refuses is skipped, while an S3 that
 * cannot be reached fails the run ({@link RawStoreUnavailableException}), since nothing is wrong with the object.
 *
 * <p>Listing costs one delimited listing of {@code raw/<type>/} (the day folders) plus one listing per
 * day that overlaps the arrival range, whatever the history's length. Anything that does not parse as
 * {@code dt=YYYY-MM-DD/hour=HH/<name>} is reported as a skip (a stray object directly under the type
 * folder, a {@code dt=} folder that is not a day, a bad {@code hour=} folder), never read.
 */
public final class S3RawEventSource implements RawEventSource {

    private static final Pattern DAY_FOLDER = Pattern.compile("dt=(\\d{4}-\\d{2}-\\d{2})/");

    private final S3Client s3;
    private final String bucket;

    public S3RawEventSource(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("reconciler.s3.bucket must name the raw bucket");
        }
        this.bucket = bucket;
    }

    @Override
    public RawListing list(EventType type, Instant arrivalFrom, Instant arrivalUntil) {
        String typePrefix = RawLayout.typePrefix(type);
        LocalDate firstDay = LocalDate.ofInstant(arrivalFrom, ZoneOffset.UTC);
        LocalDate lastDay = LocalDate.ofInstant(arrivalUntil, ZoneOffset.UTC);
        List<RawObject> objects = new ArrayList<>();
        List<RawSkip> skips = new ArrayList<>();
        List<String> days = new ArrayList<>();
        for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                .bucket(bucket).prefix(typePrefix).delimiter("/").build())) {
            for (S3Object stray : page.contents()) {
                skips.add(new RawSkip(stray.key(), BadObjectReason.UNPARSEABLE_PARTITION.code(),
                        "object outside any dt=YYYY-MM-DD/hour=HH/ folder"));
            }
            for (CommonPrefix folder : page.commonPrefixes()) {
                String rest = folder.prefix().substring(typePrefix.length());
                LocalDate day = day(rest);
                if (day == null) {
                    skips.add(new RawSkip(folder.prefix(), BadObjectReason.UNPARSEABLE_PARTITION.code(),
                            "folder '" + rest + "' is not dt=YYYY-MM-DD/"));
                } else if (!day.isBefore(firstDay) && !day.isAfter(lastDay)) {
                    days.add(folder.prefix());
                }
            }
        }
        for (String dayPrefix : days) {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(bucket).prefix(dayPrefix).build())) {
                for (S3Object object : page.contents()) {
                    RawObjectKey key;
                    try {
                        key = RawLayout.parse(object.key());
                    } catch (BadRawObjectException e) {
                        skips.add(new RawSkip(object.key(), e.reason().code(), e.getMessage()));
                        continue;
                    }
                    Instant start = key.partition().start();
                    if (key.partition().end().isAfter(arrivalFrom) && start.isBefore(arrivalUntil)) {
                        objects.add(new RawObject(object.key(), type, start, object.size() == null ? 0 : object.size()));
                    }
                }
            }
        }
        return new RawListing(objects, skips);
    }

    @Override
    public byte[] fetch(RawObject object) throws UnreadableRawObjectException {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
        } catch (SdkException e) {
            if (refusedForThisObject(e)) {
                throw new UnreadableRawObjectException(object.key(), UnreadableRawObjectException.READ_FAILED,
                        e.getMessage(), e);
            }
            throw new RawStoreUnavailableException("s3://" + bucket + "/" + object.key(), e);
        }
    }

    /**
     * S3 answered that this object cannot be read (gone since the listing, access denied: a 4xx other
     * than timeout and throttling): skip it with {@code read_failed}. Anything else (no answer, 5xx,
     * throttling, after the client's retries) says nothing about the object; skipping it would lose its
     * events from the run, so the step fails instead and a restart reads it.
     */
    static boolean refusedForThisObject(SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            return status >= 400 && status < 500 && status != 408 && status != 429 && !service.isThrottlingException();
        }
        return false;
    }

    private static LocalDate day(String folder) {
        Matcher m = DAY_FOLDER.matcher(folder);
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
