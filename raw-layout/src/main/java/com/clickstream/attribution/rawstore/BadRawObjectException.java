package com.clickstream.attribution.rawstore;

import java.util.Objects;

/** An object under the raw prefix that cannot be read; carries the reason so the caller can skip and report it. */
public class BadRawObjectException extends Exception {

    private final BadObjectReason reason;

    public BadRawObjectException(BadObjectReason reason, String detail) {
        this(reason, detail, null);
    }

    public BadRawObjectException(BadObjectReason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public BadObjectReason reason() {
        return reason;
    }
}
