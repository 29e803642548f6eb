package com.clickstream.attribution.generator.model;

import java.math.BigDecimal;

/** One catalog entry. */
public record Product(String productId, String name, String category, BigDecimal price) {
}
