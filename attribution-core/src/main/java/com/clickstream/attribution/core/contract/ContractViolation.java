package com.clickstream.attribution.core.contract;

/** A record broke the contract; carries the reason code and which field. Internal to parsing. */
final class ContractViolation extends Exception {
    private final RejectReason reason;

    ContractViolation(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}
