package com.clickstream.attribution.generator.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The users, derived from the seed alone: the same seed always gives the same users. */
public final class UserBase {

    private static final Weighted<Segment> SEGMENTS = Weighted.of(
            Segment.NEW, 0.40, Segment.RETURNING, 0.35, Segment.VIP, 0.08, Segment.DORMANT, 0.17);
    private static final LocalDate EPOCH = LocalDate.of(2022, 1, 1);

    private final List<User> users;

    private UserBase(List<User> users) {
        this.users = List.copyOf(users);
    }

    public static UserBase generate(long seed, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("user count must be positive: " + count);
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<User> users = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            Segment segment = SEGMENTS.pick(random);
            LocalDate signup = EPOCH.plusDays(random.nextInt(4 * 365));
            double ltv = switch (segment) {
                case NEW -> random.nextDouble() * 80;
                case RETURNING -> 80 + random.nextDouble() * 900;
                case VIP -> 1_000 + random.nextDouble() * 9_000;
                case DORMANT -> random.nextDouble() * 300;
            };
            String device = TrafficMix.DEVICES.pick(random);
            users.add(new User(String.format("u-%06d", i), segment, signup,
                    BigDecimal.valueOf(ltv).setScale(2, RoundingMode.HALF_UP), device));
        }
        return new UserBase(users);
    }

    public List<User> users() {
        return users;
    }

    public User pick(SplittableRandom random) {
        return users.get(random.nextInt(users.size()));
    }
}
