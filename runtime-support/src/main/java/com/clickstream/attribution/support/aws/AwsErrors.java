package com.clickstream.attribution.support.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Which AWS errors are worth retrying, for every caller that retries on its own (the generator's
 * sinks, the raw landing). Retryable: throttling (whole call or per entry), the services' internal
 * failures and 5xx, I/O failures and timeouts. Everything else (missing stream or bucket,
 * validation, access denied, KMS key disabled, bad credentials) fails fast, because retrying cannot
 * change the answer and an endless retry hides the failure.
 */
public final class AwsErrors {

    /** Error codes, whole-call or per entry, that mean "try again later". */
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "ProvisionedThroughputExceededException", // Kinesis, per shard
            "LimitExceededException",                 // Kinesis: too many concurrent requests
            "KMSThrottlingException",                 // Kinesis with SSE-KMS
            "ThrottlingException",
            "InternalFailure",                        // Kinesis per-entry code
            "InternalFailureException",
            "InternalServerError",
            "InternalError",                          // S3
            "ServiceUnavailableException",            // Firehose throttling, whole call and per entry
            "ServiceUnavailable",
            "SlowDown",                               // S3 throttling
            "RequestTimeout",
            "RequestTimeoutException");

    private AwsErrors() {
    }

    /** Whether a per-entry ErrorCode (PutRecords / PutRecordBatch) is worth re-sending. */
    public static boolean retryableEntryCode(String errorCode) {
        return errorCode != null && RETRYABLE_CODES.contains(errorCode);
    }

    /** Whether an exception thrown by a whole call is worth another attempt. */
    public static boolean retryableCall(RuntimeException e) {
        if (e instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            return aws.isThrottlingException() || RETRYABLE_CODES.contains(code) || aws.statusCode() >= 500;
        }
        if (e instanceof SdkServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
            return true;
        }
        if (e instanceof UncheckedIOException) {
            return true;
        }
        if (e instanceof SdkClientException) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    return true; // connection refused/reset, read timeout
                }
            }
        }
        return false;
    }

    /** "ErrorCode: message (HTTP status)" of an exception, one line, for logs and error messages. */
    public static String describe(Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage()
                    + " (HTTP " + aws.statusCode() + ")";
        }
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
        return e.getClass().getSimpleName() + ": " + message;
    }
}
