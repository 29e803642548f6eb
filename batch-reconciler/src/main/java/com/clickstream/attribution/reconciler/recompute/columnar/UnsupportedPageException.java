package com.clickstream.attribution.reconciler.recompute.columnar;

/**
 * The columnar decoder cannot vouch for an object (an encoding, type or layout it does not decode, or a
 * row it cannot certify as valid): the object is read with the row-at-a-time decoder instead, which gives
 * every row and every failure its exact verdict. Stackless: an expected outcome.
 */
final class UnsupportedPageException extends RuntimeException {

    UnsupportedPageException(String message) {
        super(message, null, false, false);
    }
}
