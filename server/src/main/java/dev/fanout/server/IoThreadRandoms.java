package dev.fanout.server;

import java.util.SplittableRandom;
import org.xnio.XnioIoThread;

/**
 * One {@link SplittableRandom} per XNIO I/O thread, split in thread-number order from one seeded
 * root. Each stream is only ever used by its own I/O thread (requests and their timers never leave
 * it), so draws need no lock and no CAS.
 * <p>
 * Reproducibility: with the same {@code --seed} and {@code --io-threads}, I/O thread {@code k}
 * draws exactly the same sequence in every run. Which request receives which draw depends on
 * which I/O thread XNIO hands its connection to and on arrival order, so with one I/O thread and a
 * sequential client a run is repeated draw for draw; with several threads or concurrent clients
 * the set of draws per thread, hence the delay distribution, is what repeats.
 */
final class IoThreadRandoms {

    private final SplittableRandom[] byThread;

    IoThreadRandoms(long seed, int ioThreads) {
        SplittableRandom root = new SplittableRandom(seed);
        byThread = new SplittableRandom[ioThreads];
        for (int k = 0; k < ioThreads; k++) {
            byThread[k] = root.split();
        }
    }

    SplittableRandom of(XnioIoThread thread) {
        return byThread[thread.getNumber()];
    }
}
