package dev.fanout.bench.scenarios;

import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;

/** What {@code lock} and {@code semaphore} put around each request: the same body, only the primitive differs. */
interface Guard {
    void enter() throws InterruptedException;

    void exit();

    static Guard of(Lock lock) {
        return new Guard() {
            @Override
            public void enter() throws InterruptedException {
                lock.lockInterruptibly();
            }

            @Override
            public void exit() {
                lock.unlock();
            }
        };
    }

    static Guard of(Semaphore semaphore) {
        return new Guard() {
            @Override
            public void enter() throws InterruptedException {
                semaphore.acquire();
            }

            @Override
            public void exit() {
                semaphore.release();
            }
        };
    }
}
