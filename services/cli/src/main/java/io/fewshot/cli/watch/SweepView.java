package io.fewshot.cli.watch;

/** Shows a sweep's progress while it is watched. */
public interface SweepView extends AutoCloseable {
    /** Called after each event that changed the state. */
    void show(SweepState state, Update update);

    /** Called once at the end, completed or not. */
    @Override
    void close();
}
