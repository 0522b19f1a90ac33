package io.fewshot.contracts.sweep;

import io.fewshot.contracts.ContractJson;
import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.ObjectKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cells of one sweep, as stored in {@code sweeps/<sweepId>/plan.json}. A plan's default id is
 * derived from its cells ({@code paper-<12 hex>}), so planning the same profile twice names the same
 * sweep and replaying its requests changes nothing; {@link #withSweepId} names a fresh sweep of the
 * same cells.
 */
public record SweepPlan(String sweepId, Profile profile, List<Cell> cells) {
    public SweepPlan {
        ContractViolation.require(ObjectKeys.isSafeSegment(sweepId), "SweepPlan", "sweepId",
                "'" + sweepId + "' is not a safe key segment (" + ObjectKeys.SAFE_SEGMENT_RULE + ")");
        ContractViolation.require(profile != null, "SweepPlan", "profile", "must be set");
        ContractViolation.require(cells != null && !cells.isEmpty(), "SweepPlan", "cells", "must not be empty");
        cells = List.copyOf(cells);
        Set<String> seen = new HashSet<>();
        for (Cell c : cells) {
            ContractViolation.require(seen.add(c.runId()), "SweepPlan", "cells", "run " + c.runId() + " appears twice");
        }
    }

    /** A plan named after its content. */
    public static SweepPlan of(Profile profile, List<Cell> cells) {
        return new SweepPlan(contentId(profile, cells), profile, cells);
    }

    public SweepPlan withSweepId(String newId) {
        return new SweepPlan(newId, profile, cells);
    }

    /** The cells that match, as a plan of their own (with its own content-derived id). */
    public SweepPlan filter(Predicate<Cell> keep) {
        List<Cell> kept = cells.stream().filter(keep).toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no cell of sweep " + sweepId + " matches the filter");
        }
        return of(profile, kept);
    }

    /** The cell a run fills, if the run belongs to this sweep. */
    public Optional<Cell> cell(String runId) {
        return cells.stream().filter(c -> c.runId().equals(runId)).findFirst();
    }

    public String toJson() {
        return ContractJson.write(this);
    }

    public static SweepPlan fromJson(String json) {
        return ContractJson.read(json, SweepPlan.class);
    }

    private static String contentId(Profile profile, List<Cell> cells) {
        StringBuilder all = new StringBuilder(profile.id());
        cells.stream().map(Cell::runId).sorted().forEach(id -> all.append('\n').append(id));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(all.toString().getBytes(StandardCharsets.UTF_8));
            return profile.id() + "-" + HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
