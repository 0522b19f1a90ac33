package io.fewshot.contracts.sweep;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A column of a paper table: N-way K-shot. */
public record Column(int way, int shot) {
    /** Short form used in run ids and table headers: {@code 5w1s}. */
    @JsonIgnore
    public String label() {
        return way + "w" + shot + "s";
    }

    @JsonIgnore
    public String header() {
        return way + "-way " + shot + "-shot";
    }
}
