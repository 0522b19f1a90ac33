package io.fewshot.contracts.events;

/** How many classes and images one partition (train, val, test) of a dataset holds. */
public record PartitionSize(int classes, int images) {
    public PartitionSize {
        Checks.positive("PartitionSize", "classes", classes);
        io.fewshot.contracts.ContractViolation.require(images >= classes, "PartitionSize", "images",
                "must be >= classes (" + classes + "), was " + images);
    }
}
