package org.proximity.gateway.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.simulator.SimulationConfig;
import org.proximity.gateway.radio.simulator.StationSimulator;
import org.proximity.gateway.radio.simulator.StationSimulator.GroundTruth;

/**
 * Records a simulated station into {@link Chunk}s: the base station, plus rush-hour waves (a
 * second station that opens with a crowd at a given time and runs for a while), merged in time
 * order; optionally one clock step, after which every timestamp is moved by the step. Not
 * thread-safe: the bench's driver thread calls it between timed stretches.
 */
final class StationRecorder {
  /** A wave of {@code phones} arriving at {@code start} and coming for {@code length}. */
  record Wave(Instant start, int phones, Duration length) {}

  /** One simulator and the next report it will give. */
  private static final class Stream {
    final StationSimulator simulator;
    Advertisement head;

    Stream(StationSimulator simulator) {
      this.simulator = simulator;
      this.head = simulator.next().orElse(null);
    }

    void advance() {
      head = simulator.next().orElse(null);
    }
  }

  private final SimulationConfig base;
  private final List<Wave> waves;
  private final List<Stream> streams = new ArrayList<>();
  private int nextWave;
  private Instant stepAt;
  private boolean reached;
  private long stepSeconds;
  /** The one chunk, refilled by each {@link #next}: no garbage of megabytes per chunk for the collector. */
  private Chunk chunk;

  StationRecorder(SimulationConfig base, List<Wave> waves) {
    this.base = base;
    this.waves = waves.stream().sorted((a, b) -> a.start().compareTo(b.start())).toList();
    streams.add(new Stream(new StationSimulator(base, GroundTruth.FORGET)));
  }

  /** From {@code at} (simulated time) on, every timestamp moves by {@code step} (whole seconds). */
  void clockStep(Instant at, Duration step) {
    this.stepAt = at;
    this.stepSeconds = step.getSeconds();
  }

  /**
   * The reports before {@code until} (simulated, before any step), at most {@code max} of them;
   * null when the station has nothing more. The chunk is the same object each time, refilled: the
   * one returned before must have been played.
   */
  Chunk next(Instant until, int max) {
    if (chunk == null) {
      chunk = new Chunk(max);
    }
    chunk.clear(max);
    long baseSecond = Long.MIN_VALUE;
    reached = false;
    while (!chunk.isFull()) {
      openWavesUpTo(until);
      Stream s = earliest();
      if (s == null || !s.head.receivedAt().isBefore(until)) {
        reached = true;
        break;
      }
      Advertisement a = s.head; // taken only once it is in the chunk: else the next chunk starts with it
      Instant at = stepAt != null && !a.receivedAt().isBefore(stepAt) ? a.receivedAt().plusSeconds(stepSeconds) : a.receivedAt();
      if (baseSecond == Long.MIN_VALUE) {
        baseSecond = at.getEpochSecond();
        chunk.baseSecond(baseSecond);
      }
      long micros = (at.getEpochSecond() - baseSecond) * 1_000_000 + at.getNano() / 1_000;
      if (micros < 0 || micros >= Chunk.MAX_SPAN_SECONDS * 1_000_000) {
        break; // a step back, or a long quiet stretch
      }
      chunk.add(micros, a.address(), a.addressType(), a.dataUnsafe(), a.rssi());
      s.advance();
    }
    if (chunk.size() == 0 && earliest() == null) {
      return null;
    }
    if (baseSecond == Long.MIN_VALUE) {
      chunk.baseSecond(until.getEpochSecond());
    }
    return chunk;
  }

  /** Whether the last {@link #next} got to its {@code until} (not stopped by its size). */
  boolean reached() {
    return reached;
  }

  private void openWavesUpTo(Instant until) {
    while (nextWave < waves.size()) {
      Wave w = waves.get(nextWave);
      Stream first = earliest();
      Instant now = first == null ? until : first.head.receivedAt();
      if (w.start().isAfter(now)) {
        return;
      }
      nextWave++;
      Instant end = w.start().plus(w.length());
      if (base.end() != null && end.isAfter(base.end())) {
        end = base.end();
      }
      if (end.isAfter(w.start())) {
        streams.add(new Stream(new StationSimulator(
            base.withDevices(w.phones(), 0).withSeed(base.seed() * 31 + nextWave).withStart(w.start()).withEnd(end),
            GroundTruth.FORGET)));
      }
    }
  }

  private Stream earliest() {
    Stream best = null;
    for (int i = streams.size() - 1; i >= 0; i--) {
      Stream s = streams.get(i);
      if (s.head == null) {
        streams.remove(i);
      } else if (best == null || s.head.receivedAt().isBefore(best.head.receivedAt())) {
        best = s;
      }
    }
    return best;
  }
}
