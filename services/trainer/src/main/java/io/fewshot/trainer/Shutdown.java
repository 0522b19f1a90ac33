package io.fewshot.trainer;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The graceful-shutdown signal (SIGTERM, Ctrl-C, pod deletion): runs see {@link #requested()} at
 * their next step, write and upload a checkpoint, and leave; shutdown waits for that, so a stopped
 * pod loses no finished step.
 */
@ApplicationScoped
public class Shutdown {
    private static final Logger LOG = Logger.getLogger(Shutdown.class);
    private static final long WAIT_SECONDS = 110;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private volatile boolean requested;
    private int active;

    public boolean requested() {
        return requested;
    }

    /** Marks a run as active until {@link #leave()}. */
    public void enter() {
        lock.lock();
        try {
            active++;
        } finally {
            lock.unlock();
        }
    }

    public void leave() {
        lock.lock();
        try {
            active--;
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        requested = true;
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (active > 0 && System.nanoTime() < deadline) {
                LOG.infof("shutting down: waiting for %d run(s) to checkpoint", active);
                idle.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
