package com.clickstream.attribution.generator.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One shopper of the synthetic user base. */
public record User(String userId, Segment segment, LocalDate signupDate, BigDecimal lifetimeValue, String preferredDevice) {
}
