package com.clickstream.attribution.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final EventParser PARSER = new EventParser(ValidationPolicy.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    static Click click() {
        return Click.newBuilder()
                .setEventId("clk-1").setEventType("click").setUserId("u-1").setSessionId("s-1")
                .setProductId("p-1").setProductName("Desk lamp").setProductCategory("home")
                .setProductPrice(new BigDecimal("19.90")).setTrafficSource("google").setCampaignId(null)
                .setDeviceType("mobile").setPageUrl("https://shop.example/p/p-1")
                .setEventTs(NOW.minusSeconds(600))
                .build();
    }

    static Checkout checkout() {
        return Checkout.newBuilder()
                .setEventId("ord-1").setEventType("checkout").setUserId("u-1").setSessionId("s-1")
                .setItems(List.of(
                        new LineItem("p-1", "Desk lamp", new BigDecimal("19.90"), 2),
                        new LineItem("p-2", "Bulb", new BigDecimal("0.10"), 3)))
                .setTotalAmount(new BigDecimal("40.10")).setCurrency("USD").setPaymentMethod("card")
                .setEventTs(NOW.minusSeconds(60))
                .build();
    }

    @Test
    void clickJsonHasTheContractFieldNamesInSchemaOrder() {
        assertThat(EventJson.toJson(click())).isEqualTo(
                "{\"event_id\":\"clk-1\",\"event_type\":\"click\",\"user_id\":\"u-1\",\"session_id\":\"s-1\","
                        + "\"product_id\":\"p-1\",\"product_name\":\"Desk lamp\",\"product_category\":\"home\","
                        + "\"product_price\":19.90,\"traffic_source\":\"google\",\"campaign_id\":null,"
                        + "\"device_type\":\"mobile\",\"page_url\":\"https://shop.example/p/p-1\","
                        + "\"event_ts\":" + NOW.minusSeconds(600).toEpochMilli() + "}");
    }

    @Test
    void clickRoundTripsThroughJson() {
        ParseResult result = PARSER.parse(EventJson.toJsonBytes(click()));
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        assertThat(((ParseResult.Valid) result).click()).isEqualTo(click());
    }

    @Test
    void checkoutRoundTripsThroughJsonWithExactDecimals() {
        ParseResult.Valid valid = (ParseResult.Valid) PARSER.parse(EventJson.toJsonBytes(checkout()));
        assertThat(valid.type()).isEqualTo(EventType.CHECKOUT);
        assertThat(valid.checkout()).isEqualTo(checkout());
        assertThat(valid.checkout().getTotalAmount()).isEqualByComparingTo("40.10");
        assertThat(valid.checkout().getTotalAmount().scale()).isEqualTo(2);
        assertThat(valid.eventId()).isEqualTo("ord-1");
        assertThat(valid.userId()).isEqualTo("u-1");
    }

    @Test
    void amountsWithFewerDecimalsAreNormalisedToTwoPlaces() {
        String json = EventJson.toJson(click()).replace("19.90", "19.9");
        ParseResult.Valid valid = (ParseResult.Valid) PARSER.parse(json);
        assertThat(valid.click().getProductPrice()).isEqualTo(new BigDecimal("19.90"));
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        String json = EventJson.toJson(click()).replace("{\"event_id\"", "{\"extra\":{\"a\":1},\"event_id\"");
        assertThat(PARSER.parse(json).isValid()).isTrue();
    }

    @Test
    void campaignIdIsOptional() {
        String json = EventJson.toJson(click()).replace("\"campaign_id\":null,", "");
        ParseResult.Valid valid = (ParseResult.Valid) PARSER.parse(json);
        assertThat(valid.click().getCampaignId()).isNull();
        Click withCampaign = Click.newBuilder(click()).setCampaignId("cmp-7").build();
        assertThat(((ParseResult.Valid) PARSER.parse(EventJson.toJson(withCampaign))).click().getCampaignId())
                .isEqualTo("cmp-7");
    }
}
