package org.proximity.gateway.bench;

import java.util.List;
import java.util.Map;

/**
 * What a bench run measured. Rates and per-advertisement figures cover the timed part only: the
 * stretches in which pre-generated advertisements went through the gateway, plus the shutdown
 * (partial buckets, drain) until the subscriber had everything; allocation covers the stretches
 * only (the threads that end at shutdown take their counts with them).
 *
 * @param startupMillis from the process's start (the exec) to the first advertisement processed, less
 *     the bench's own set-up (generating the first chunk, connecting its subscriber, its instruments)
 * @param heapPeakMb the most heap in use (right before a collection) during the run, including the
 *     pre-generated chunk ({@code chunkMb})
 * @param cpuNanosPerAdvertByThread the same by thread name, the largest first, with {@code other} for the
 *     CPU no live Java thread accounts for (the collector, the compiler, threads that ended at shutdown)
 * @param gcMillis time the collectors reported within the timed part (pauses of the serial collector,
 *     which a one-core JVM uses, stop every thread; the CPU of it is in {@code cpuNanosPerAdvert} too)
 * @param lost batches closed by the gateway of which the subscriber did not receive every part
 * @param distinctIds the most distinct rolling IDs one bucket held
 */
public record BenchResult(
    long adverts,
    double seconds,
    double advertsPerSecond,
    double cpuNanosPerAdvert,
    Map<String, Double> cpuNanosPerAdvertByThread,
    double allocBytesPerAdvert,
    long gcMillis,
    double heapPeakMb,
    double chunkMb,
    double generationSeconds,
    long startupMillis,
    long records,
    long batches,
    long messages,
    double publishLatencyMillisP50,
    double publishLatencyMillisP99,
    long lost,
    long duplicates,
    long distinctIds,
    long brokerRestarts,
    long keyRatchets,
    long reconnects,
    int cpus,
    List<ResourceSeries.Sample> series,
    List<String> growth) {}
