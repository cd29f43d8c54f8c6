package io.opsagent.dashboard;

/**
 * One reading of the JVM's vital signs. Cumulative counters (GC counts and times, unloaded classes) stay
 * cumulative: the page takes differences between neighbours, so a lost sample loses no collection.
 * Pool and collector names are arrays shared by every sample of one sampler, not copied.
 */
final class JvmSample {
    final long timeMillis;
    final long heapUsed;
    final long heapCommitted;
    /** -1 when the heap has no defined maximum. */
    final long heapMax;
    final long nonHeapUsed;
    final long nonHeapCommitted;
    final String[] poolNames;
    final boolean[] poolIsHeap;
    final long[] poolUsed;
    final long[] poolCommitted;
    final long[] poolMax;
    final String[] gcNames;
    final long[] gcCount;
    final long[] gcTimeMillis;
    /** The longest single collection each collector reported since the previous sample, in ms. */
    final long[] gcLongestMillis;
    /** Live threads per {@link Thread.State}, in that enum's order. */
    final int[] threadStates;
    final int daemonThreads;
    /** Share of all processors this process used since the previous sample, 0..1; -1 when unknown. */
    final double processCpu;
    /** Share of all processors the whole machine used, 0..1; -1 when unknown. */
    final double systemCpu;
    final int loadedClasses;
    final long unloadedClasses;
    /** What taking this sample cost, so the overhead is visible rather than assumed. */
    final long costMicros;

    JvmSample(long timeMillis, long[] heap, long[] nonHeap, String[] poolNames, boolean[] poolIsHeap, long[][] pools,
            String[] gcNames, long[][] gcs, int[] threadStates, int daemonThreads, double processCpu, double systemCpu,
            int loadedClasses, long unloadedClasses, long costMicros) {
        this.timeMillis = timeMillis;
        this.heapUsed = heap[0];
        this.heapCommitted = heap[1];
        this.heapMax = heap[2];
        this.nonHeapUsed = nonHeap[0];
        this.nonHeapCommitted = nonHeap[1];
        this.poolNames = poolNames;
        this.poolIsHeap = poolIsHeap;
        this.poolUsed = pools[0];
        this.poolCommitted = pools[1];
        this.poolMax = pools[2];
        this.gcNames = gcNames;
        this.gcCount = gcs[0];
        this.gcTimeMillis = gcs[1];
        this.gcLongestMillis = gcs[2];
        this.threadStates = threadStates;
        this.daemonThreads = daemonThreads;
        this.processCpu = processCpu;
        this.systemCpu = systemCpu;
        this.loadedClasses = loadedClasses;
        this.unloadedClasses = unloadedClasses;
        this.costMicros = costMicros;
    }

    int threads() {
        int n = 0;
        for (int s : threadStates) {
            n += s;
        }
        return n;
    }
}
