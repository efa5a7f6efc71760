package com.misybot.hub.pipelines.campaign;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Splits a paid boost across platforms by weight, within each daily cap and the campaign's budget left, in cents. */
public final class BoostAllocator {

    /**
     * What one decision allocates from. Every amount is in cents and not negative. The platforms considered are the
     * keys of {@code weights} (a weight of 0 means "give it nothing"); a platform missing from
     * {@code dailyCapCents} gets nothing; {@code spentTodayCents} may omit a platform that spent nothing today.
     * Spending already above the budget or a cap is not an error: it leaves nothing to place there.
     */
    public record Request(long totalBudgetCents, long spentTotalCents, Map<String, Long> spentTodayCents,
                          Map<String, Long> dailyCapCents, long requestedCents, Map<String, Double> weights) {

        public Request {
            notNegative("total budget", totalBudgetCents);
            notNegative("spent total", spentTotalCents);
            notNegative("requested amount", requestedCents);
            spentTodayCents = amounts("spent today", spentTodayCents);
            dailyCapCents = amounts("daily cap", dailyCapCents);
            if (weights == null || weights.isEmpty()) {
                throw new IllegalArgumentException("a boost request needs the weight of at least one platform");
            }
            weights.forEach((platform, weight) -> {
                platformName(platform);
                if (weight == null || !(weight >= 0) || weight.isInfinite()) {
                    throw new IllegalArgumentException("weight of " + platform
                            + " must be finite and not negative, got " + weight);
                }
            });
            weights = Map.copyOf(weights);
        }
    }

    /** Cents given to one platform and the short human-readable reason of that amount. */
    public record Allocation(String platform, long amountCents, String reason) {
    }

    private BoostAllocator() {
    }

    /**
     * One allocation per platform of {@code weights}, sorted by platform name. The amount placed is at most
     * min(request, budget − spent total); each platform's share follows its weight (largest-remainder rounding to
     * cents) up to its cap − spent today, and what a capped platform cannot take is re-split among the others by
     * weight until everything is placed or every platform with a weight is at its cap.
     */
    public static List<Allocation> allocate(Request request) {
        long budgetLeft = Math.max(0, request.totalBudgetCents() - request.spentTotalCents());
        long pot = Math.min(request.requestedCents(), budgetLeft);
        boolean budgetBinds = budgetLeft < request.requestedCents();

        TreeMap<String, Slot> slots = new TreeMap<>();
        request.weights().forEach((platform, weight) -> {
            Long cap = request.dailyCapCents().get(platform);
            long spent = request.spentTodayCents().getOrDefault(platform, 0L);
            slots.put(platform, new Slot(platform, weight, cap, spent));
        });

        List<Slot> active = new ArrayList<>(slots.values().stream()
                .filter(s -> s.cap != null && s.weight > 0 && s.headroom() > 0).toList());
        long placed = 0;
        int round = 0;
        // water-filling: each round splits what is left among the platforms below their cap; a round that caps
        // nobody places everything, and a round that caps someone removes it, so this ends within n + 1 rounds
        while (placed < pot && !active.isEmpty()) {
            round++;
            long[] shares = split(pot - placed, active);
            List<Slot> stillActive = new ArrayList<>();
            for (int i = 0; i < active.size(); i++) {
                Slot slot = active.get(i);
                long room = slot.headroom() - slot.amount;
                long given = Math.min(shares[i], room);
                slot.amount += given;
                placed += given;
                if (given > 0 && round > 1) {
                    slot.redistributed = true;
                }
                if (shares[i] >= room) {
                    slot.capped = true;
                } else {
                    stillActive.add(slot);
                }
            }
            active = stillActive;
        }

        double activeWeight = slots.values().stream()
                .filter(s -> s.cap != null && s.weight > 0 && s.headroom() > 0).mapToDouble(s -> s.weight).sum();
        List<Allocation> result = new ArrayList<>();
        for (Slot slot : slots.values()) {
            result.add(new Allocation(slot.platform, slot.amount,
                    reason(slot, activeWeight, pot, budgetLeft, budgetBinds, request.requestedCents())));
        }
        return List.copyOf(result);
    }

    /**
     * Largest-remainder split of {@code amount} by weight, exact: weight × amount = quotient × total + remainder in
     * BigDecimal, so the remainders compare without rounding error; ties go to the platform first by name.
     */
    private static long[] split(long amount, List<Slot> slots) {
        BigDecimal total = BigDecimal.ZERO;
        for (Slot slot : slots) {
            total = total.add(new BigDecimal(slot.weight));
        }
        long[] shares = new long[slots.size()];
        BigDecimal[] remainders = new BigDecimal[slots.size()];
        long given = 0;
        for (int i = 0; i < slots.size(); i++) {
            BigDecimal[] qr = new BigDecimal(slots.get(i).weight).multiply(BigDecimal.valueOf(amount))
                    .divideAndRemainder(total);
            shares[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += shares[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            order.add(i);
        }
        // slots are sorted by name and the sort is stable, so equal remainders keep name order
        order.sort(Comparator.comparing((Integer i) -> remainders[i]).reversed());
        for (int k = 0; given < amount; k++) {
            shares[order.get(k)]++;
            given++;
        }
        return shares;
    }

    private static String reason(Slot slot, double activeWeight, long pot, long budgetLeft, boolean budgetBinds,
                                 long requested) {
        if (slot.cap == null) {
            return "no daily cap for " + slot.platform;
        }
        if (slot.weight == 0) {
            return "weight 0 for " + slot.platform;
        }
        if (slot.headroom() == 0) {
            return "daily cap of " + slot.cap + " for " + slot.platform + " already reached (" + slot.spentToday
                    + " spent today)";
        }
        if (requested == 0) {
            return "nothing requested";
        }
        if (pot == 0) {
            return "campaign budget left 0";
        }
        StringBuilder reason = new StringBuilder();
        if (slot.capped) {
            reason.append("capped at the daily cap of ").append(slot.cap).append(" for ").append(slot.platform);
            if (slot.spentToday > 0) {
                reason.append(" (").append(slot.spentToday).append(" spent today)");
            }
        } else {
            reason.append(String.format(Locale.ROOT, "weight %.3g of %.3g (%.1f %%)", slot.weight, activeWeight,
                    100 * slot.weight / activeWeight));
            if (slot.redistributed) {
                reason.append(" plus what capped platforms could not take");
            }
        }
        if (budgetBinds) {
            reason.append("; campaign budget left ").append(budgetLeft);
        }
        return reason.toString();
    }

    private static void notNegative(String what, long cents) {
        if (cents < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + cents);
        }
    }

    private static Map<String, Long> amounts(String what, Map<String, Long> amounts) {
        if (amounts == null) {
            return Map.of();
        }
        amounts.forEach((platform, cents) -> {
            platformName(platform);
            if (cents == null) {
                throw new IllegalArgumentException(what + " of " + platform + " is missing");
            }
            notNegative(what + " of " + platform, cents);
        });
        return Map.copyOf(amounts);
    }

    private static void platformName(String platform) {
        if (platform == null || platform.isBlank()) {
            throw new IllegalArgumentException("a platform needs a non-blank name");
        }
    }

    /** A platform's running state while the request is split. */
    private static final class Slot {
        final String platform;
        final double weight;
        final Long cap;
        final long spentToday;
        long amount;
        boolean capped;
        boolean redistributed;

        Slot(String platform, double weight, Long cap, long spentToday) {
            this.platform = platform;
            this.weight = weight;
            this.cap = cap;
            this.spentToday = spentToday;
        }

        long headroom() {
            return cap == null ? 0 : Math.max(0, cap - spentToday);
        }
    }
}
