package com.clickstream.attribution.stream.sink.model;

import java.math.BigDecimal;

/** One row for {@code ecommerce.checkout_items}; {@code lineNo} is the 1-based position in the event's items. */
public record CheckoutItemRow(String checkoutId, int lineNo, String productId, String productName,
                              BigDecimal unitPrice, int quantity) {
}
