package com.clickstream.attribution.generator.sink;

import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Which Kinesis and Firehose errors are worth retrying. Retryable: throttling (whole call or per
 * entry), the services' internal failures and 5xx, and I/O failures and timeouts. Everything else
 * (missing stream, validation, access denied, KMS key disabled, bad credentials) fails fast,
 * because retrying cannot change the answer.
 */
final class AwsErrors {

    /** Error codes, whole-call or per entry, that mean "try again later". */
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "ProvisionedThroughputExceededException", // Kinesis, per shard
            "LimitExceededException",                 // Kinesis: too many concurrent requests
            "KMSThrottlingException",                 // Kinesis with SSE-KMS
            "ThrottlingException",
            "InternalFailure",                        // Kinesis per-entry code
            "InternalFailureException",
            "InternalServerError",
            "ServiceUnavailableException",            // Firehose throttling, whole call and per entry
            "ServiceUnavailable",
            "SlowDown",
            "RequestTimeout",
            "RequestTimeoutException");

    private AwsErrors() {
    }

    /** Whether a per-entry ErrorCode (PutRecords / PutRecordBatch) is worth re-sending. */
    static boolean retryableEntryCode(String errorCode) {
        return errorCode != null && RETRYABLE_CODES.contains(errorCode);
    }

    /** Whether an exception thrown by a whole call is worth another attempt. */
    static boolean retryableCall(RuntimeException e) {
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
        if (e instanceof SdkClientException) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    return true; // connection refused/reset, read timeout
                }
            }
        }
        return false;
    }

    /** "ErrorCode: message" of an exception for logs and SinkException messages. */
    static String describe(Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage()
                    + " (HTTP " + aws.statusCode() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
