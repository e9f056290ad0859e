package dev.fanout.bench.recording;

import java.util.Map;

/**
 * What a trial cost besides time, from the footprint profiler's secondary results in JMH (null when the
 * profiler did not run): the most live platform threads, the peak resident memory and the heap's committed size,
 * bytes allocated and process CPU per op, and how often a virtual thread blocked while pinned.
 */
public record Footprint(Double peakThreads, Double peakRssMb, Double heapCommittedMb, Double allocBytesPerOp,
                        Double cpuMsPerOp, Double jitCpuMsPerOp, Double pinnedEvents) {
    public static final Footprint NONE = new Footprint(null, null, null, null, null, null, null);

    /** Picks the profiler's metrics out of a result's secondary scores, by the names the profiler gives them. */
    public static Footprint of(Map<String, Double> secondaryScores) {
        return new Footprint(secondaryScores.get("threads.peak"), secondaryScores.get("rss.peak.mb"),
                secondaryScores.get("heap.committed.mb"),                secondaryScores.get("alloc.bytes.per.op"), secondaryScores.get("cpu.ms.per.op"),
                secondaryScores.get("cpu.jit.ms.per.op"), secondaryScores.get("pinned.events"));
    }

    /**
     * The peak resident memory beyond the heap: thread stacks, metaspace, code, the GC's own structures and direct
     * buffers. A fork's heap is fixed and touched before its first op, so all of it is resident and this is the part
     * of the resident memory that the model and the client decide; null when either figure is missing.
     */
    public Double peakRssBeyondHeapMb() {
        return peakRssMb == null || heapCommittedMb == null || peakRssMb.isNaN() ? null : peakRssMb - heapCommittedMb;
    }
}
