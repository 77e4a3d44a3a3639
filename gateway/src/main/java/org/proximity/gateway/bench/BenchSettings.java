package org.proximity.gateway.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What to run. {@code restartBroker} is called between timed stretches every {@code restartEvery}
 * of simulated time (null: never); {@code sampleEvery} is the spacing of the resource series.
 *
 * @param others background devices (watches, beacons) besides the phones
 * @param maxIds the aggregator's cap on IDs and addresses per bucket (the service's buckets.max_ids)
 * @param chunkAdverts advertisements generated ahead per timed stretch
 */
public record BenchSettings(
    int phones,
    int others,
    Duration simulated,
    Instant start,
    long seed,
    String brokerUrl,
    int maxIds,
    int chunkAdverts,
    List<StationRecorder.Wave> waves,
    Instant clockStepAt,
    Duration clockStep,
    Duration restartEvery,
    Runnable restartBroker,
    Duration sampleEvery) {

  /** The heap a chunk takes per advertisement. */
  public static final int CHUNK_BYTES_PER_ADVERT = Chunk.STRIDE;
  /** The most advertisements a chunk holds (in one array). */
  public static final int MAX_CHUNK = Chunk.MAX_REPORTS;

  public BenchSettings {
    if (phones < 0 || others < 0 || phones + others == 0) {
      throw new IllegalArgumentException("phones and others must not be negative, nor both 0");
    }
    if (simulated.isNegative() || simulated.isZero()) {
      throw new IllegalArgumentException("simulated time must be positive");
    }
    if (chunkAdverts < 1 || chunkAdverts > MAX_CHUNK) {
      throw new IllegalArgumentException("chunkAdverts must be 1 to " + MAX_CHUNK + ", was " + chunkAdverts);
    }
    waves = List.copyOf(waves);
  }

  /** A plain throughput run: no waves, no step, no restarts, one resource sample per 10 simulated minutes. */
  public static BenchSettings throughput(
      int phones, int others, Duration simulated, Instant start, long seed, String brokerUrl, int maxIds, int chunkAdverts) {
    return new BenchSettings(phones, others, simulated, start, seed, brokerUrl, maxIds, chunkAdverts,
        List.of(), null, null, null, null, Duration.ofMinutes(10));
  }

  /**
   * A soak: rush-hour waves of twice the phones for 20 minutes at a quarter past each simulated
   * hour, a clock step back of two minutes at 70 % of the run, the broker restarted every
   * {@code restartEvery}, a sample every {@code sampleEvery}. Start before midnight to ratchet the key.
   */
  public static BenchSettings soak(
      int phones, int others, Duration simulated, Instant start, long seed, String brokerUrl, int chunkAdverts,
      Duration restartEvery, Runnable restartBroker, Duration sampleEvery) {
    List<StationRecorder.Wave> waves = new ArrayList<>();
    Instant end = start.plus(simulated);
    Instant hour = start.truncatedTo(ChronoUnit.HOURS);
    for (Instant w = hour.plus(Duration.ofMinutes(15)); w.isBefore(end); w = w.plus(Duration.ofHours(1))) {
      if (!w.isBefore(start)) {
        waves.add(new StationRecorder.Wave(w, 2 * phones, Duration.ofMinutes(20)));
      }
    }
    Instant stepAt = start.plusSeconds(simulated.getSeconds() * 7 / 10);
    return new BenchSettings(phones, others, simulated, start, seed, brokerUrl, 50_000, chunkAdverts,
        waves, stepAt, Duration.ofMinutes(-2), restartEvery, restartBroker, sampleEvery);
  }

  public boolean soak() {
    return restartBroker != null;
  }
}
