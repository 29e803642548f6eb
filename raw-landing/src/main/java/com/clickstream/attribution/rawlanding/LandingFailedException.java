package com.clickstream.attribution.rawlanding;

/**
 * A shard could not be landed because S3 or Kinesis gave an answer that retrying cannot change
 * (access denied, no such bucket or stream, a corrupt checkpoint, ...). The message is one line that
 * names the stream, the shard, the call and the error. What was landed and checkpointed stays; the
 * next run resumes from the checkpoints.
 */
public final class LandingFailedException extends RuntimeException {

    public LandingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
