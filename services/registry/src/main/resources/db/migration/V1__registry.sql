-- The registry's schema. Portable SQL: the same file migrates PostgreSQL (Kubernetes) and H2 (local).
-- Units: accuracies, CIs and calibration errors are fractions in [0, 1], as in the events.

-- A sweep: planned when its sweeps/<id>/plan.json was read, otherwise known only by its requests.
CREATE TABLE sweeps (
    sweep_id        VARCHAR(128) PRIMARY KEY,
    profile         VARCHAR(16),
    cells_planned   INTEGER,
    first_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at    TIMESTAMP WITH TIME ZONE,
    closed_by       VARCHAR(16)
);

-- Which runs belong to which sweep (a run id is content-derived, so one run may serve several sweeps).
CREATE TABLE sweep_cells (
    sweep_id        VARCHAR(128) NOT NULL REFERENCES sweeps (sweep_id),
    run_id          VARCHAR(200) NOT NULL,
    planned         BOOLEAN NOT NULL,
    PRIMARY KEY (sweep_id, run_id)
);
CREATE INDEX sweep_cells_run ON sweep_cells (run_id);

-- One row per run. status only moves forward: planned < requested < training < trained < failed < evaluated.
CREATE TABLE runs (
    run_id            VARCHAR(200) PRIMARY KEY,
    dataset           VARCHAR(128) NOT NULL,
    split             VARCHAR(64) NOT NULL,
    method            VARCHAR(32) NOT NULL,
    table_row         VARCHAR(32),
    way               INTEGER NOT NULL,
    shot              INTEGER NOT NULL,
    inner_steps       INTEGER NOT NULL,
    spec_json         VARCHAR(100000) NOT NULL,
    status            VARCHAR(16) NOT NULL,
    status_rank       INTEGER NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    trained_steps     INTEGER,
    stopped_by        VARCHAR(16),
    train_seconds     DOUBLE PRECISION,
    best_val_accuracy DOUBLE PRECISION,
    failure_stage     VARCHAR(16),
    failure_reason    VARCHAR(4000),
    failure_retryable BOOLEAN
);
CREATE INDEX runs_dataset_method ON runs (dataset, method);
CREATE INDEX runs_status ON runs (status);

-- The evaluation of a run on its test episodes, with calibration and provenance (from eval.json).
CREATE TABLE results (
    run_id            VARCHAR(200) PRIMARY KEY REFERENCES runs (run_id),
    episodes          INTEGER NOT NULL,
    accuracy          DOUBLE PRECISION NOT NULL,
    ci95              DOUBLE PRECISION NOT NULL,
    ece               DOUBLE PRECISION NOT NULL,
    mce               DOUBLE PRECISION NOT NULL,
    nll               DOUBLE PRECISION NOT NULL,
    brier             DOUBLE PRECISION NOT NULL,
    calibration_bins  INTEGER NOT NULL,
    paper_accuracy    DOUBLE PRECISION,
    provenance_json   VARCHAR(100000),
    evaluated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    announced_at      TIMESTAMP WITH TIME ZONE
);

-- The reliability diagram: one bar per equal-width confidence bin; an empty bin has no confidence or accuracy.
CREATE TABLE reliability_bins (
    run_id        VARCHAR(200) NOT NULL REFERENCES results (run_id),
    bin_index     INTEGER NOT NULL,
    lower_edge    DOUBLE PRECISION NOT NULL,
    upper_edge    DOUBLE PRECISION NOT NULL,
    predictions   BIGINT NOT NULL,
    confidence    DOUBLE PRECISION,
    accuracy      DOUBLE PRECISION,
    PRIMARY KEY (run_id, bin_index)
);

-- The learning curve, from progress events; no foreign key: progress may arrive before the request.
CREATE TABLE learning_curve (
    run_id              VARCHAR(200) NOT NULL,
    phase               VARCHAR(16) NOT NULL,
    step                INTEGER NOT NULL,
    total_steps         INTEGER NOT NULL,
    loss                DOUBLE PRECISION NOT NULL,
    accuracy            DOUBLE PRECISION NOT NULL,
    validation_accuracy DOUBLE PRECISION,
    PRIMARY KEY (run_id, phase, step)
);
