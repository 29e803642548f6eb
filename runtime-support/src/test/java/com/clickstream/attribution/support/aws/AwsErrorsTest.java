package com.clickstream.attribution.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class AwsErrorsTest {

    @Test
    void throttlingServerErrorsAndIoAreRetried() {
        assertThat(AwsErrors.retryableCall(s3("SlowDown", 503))).isTrue();
        assertThat(AwsErrors.retryableCall(s3("InternalError", 500))).isTrue();
        assertThat(AwsErrors.retryableCall(kinesis("ProvisionedThroughputExceededException", 400))).isTrue();
        assertThat(AwsErrors.retryableCall(kinesis("LimitExceededException", 400))).isTrue();
        assertThat(AwsErrors.retryableCall(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")))).isTrue();
        assertThat(AwsErrors.retryableCall(new UncheckedIOException(new java.io.IOException("reset")))).isTrue();
    }

    @Test
    void answersThatCannotChangeOnRetryFailFast() {
        assertThat(AwsErrors.retryableCall(s3("AccessDenied", 403))).isFalse();
        assertThat(AwsErrors.retryableCall((S3Exception) NoSuchBucketException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchBucket").errorMessage("gone").build())
                .build())).isFalse();
        assertThat(AwsErrors.retryableCall(ResourceNotFoundException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build()))
                .isFalse();
        assertThat(AwsErrors.retryableCall(SdkClientException.create("Unable to load credentials"))).isFalse();
        assertThat(AwsErrors.retryableCall(new IllegalStateException("corrupt checkpoint"))).isFalse();
    }

    @Test
    void describeIsOneLineWithTheErrorCode() {
        assertThat(AwsErrors.describe(s3("AccessDenied", 403))).isEqualTo("AccessDenied: denied (HTTP 403)");
        assertThat(AwsErrors.describe(new IllegalStateException("a\n  b"))).isEqualTo("IllegalStateException: a b");
    }

    private static S3Exception s3(String code, int status) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("denied").build()).build();
    }

    private static KinesisException kinesis(String code, int status) {
        return (KinesisException) KinesisException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("slow down").build()).build();
    }
}
