package org.proximity.gateway.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.proximity.contract.payload.ClockState;
import org.proximity.contract.payload.CrowdMinute;
import org.proximity.contract.payload.EncounterBatch;
import org.proximity.gateway.ad.AdFault;
import org.proximity.gateway.ad.AdvertisementScanner;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.ad.ScanResult;
import org.proximity.gateway.bucket.BatchSink;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.bucket.SightingRun;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.BluetoothAddress;
import org.proximity.gateway.radio.ReasonCounts;
import org.proximity.gateway.radio.ReportBlock;
import org.proximity.gateway.radio.gatt.BluezoneIdReader;

/**
 * Decode → aggregate → close, with no thread and no clock of its own: the threaded {@link
 * Pipeline} drives it from the radio, and {@code replay} drives it synchronously with capture time.
 * Not thread-safe.
 */
public final class EncounterPipeline {
  private final AdvertisementScanner scanner = new AdvertisementScanner();
  private final ScanResult scanned = new ScanResult();
  private final SightingRun run = new SightingRun();
  private final EncounterAggregator aggregator;
  private final BatchSink sink;
  private final ReasonCounts<DeviceKind> byKind = new ReasonCounts<>(DeviceKind.class);
  private long advertisements;
  private long malformed;
  private final ReasonCounts<AdFault.Reason> malformedByReason = new ReasonCounts<>(AdFault.Reason.class);
  private long batches;
  private final Supplier<ClockState> clock;
  private BluezoneIdReader iosReader;
  private Consumer<CrowdMinute> crowdSink = m -> {};
  /** @param clock the clock's state, stamped on each batch as it closes */
  private boolean listeningFromFirstReport;

  public EncounterPipeline(EncounterAggregator aggregator, BatchSink sink) {
    this(aggregator, sink, () -> ClockState.UNKNOWN);
  }

  public EncounterPipeline(
      EncounterAggregator aggregator, BatchSink sink, Supplier<ClockState> clock) {
    this.aggregator = aggregator;
    this.sink = sink;
    this.clock = clock;
  }

  public void process(Advertisement a) {
    process(a, a.receivedAt());
  }

  /** Processes a report placed at {@code at} (the pipeline's own clock-safe time for a radio). */
  public void process(Advertisement a, Instant at) {
    listenFrom(at);
    byte[] data = a.dataUnsafe();
    ScanResult d = decode(data, 0, data.length, a.extended());
    if (d.hasId()) {
      aggregator.sightId(at, d.kind(), d.copyId(), d.copyMetadata(), a.rssi());
    } else {
      aggregator.sightPresence(at, d.kind(), a.address().value(), d.hasFault());
      offerToReader(a.address().value(), a.rssi(), d);
    }
  }

  /**
   * Processes {@code reports[from .. to)}, each placed at {@code placed} or, when that is null, at
   * its own time, with the effect of {@link #process} on each in turn: decoded first, then handed to
   * the aggregator in runs ({@link EncounterAggregator#sightAll}), whose table lookups overlap; no
   * copy of an ID or AEM. A report that throws goes to {@code onError} and the rest are still
   * processed. Returns how many were processed without an error.
   */
  public int processRun(Advertisement[] reports, int from, int to, Instant placed, Consumer<RuntimeException> onError) {
    int failed = 0;
    for (int i = from; i < to; i++) {
      if (run.isFull()) {
        failed += aggregator.sightAll(run, onError);
      }
      Advertisement a = reports[i];
      try {
        Instant at = placed != null ? placed : a.receivedAt();
        listenFrom(at);
        byte[] data = a.dataUnsafe();
        add(at.getEpochSecond(), data, 0, data.length, a.extended(), a.address().value(), a.rssi());
      } catch (RuntimeException e) {
        failed++;
        onError.accept(e);
      }
    }
    failed += aggregator.sightAll(run, onError);
    return to - from - failed;
  }

  /** {@link #processRun} for reports {@code from .. to} of a block: the same effect, with no object per report. */
  public int processBlock(ReportBlock block, int from, int to, Instant placed, Consumer<RuntimeException> onError) {
    int failed = 0;
    for (int i = from; i < to; i++) {
      if (run.isFull()) {
        failed += aggregator.sightAll(run, onError);
      }
      try {
        if (listeningFromFirstReport) {
          listenFrom(placed != null ? placed : block.receivedAt(i));
        }
        long second = placed != null ? placed.getEpochSecond() : block.epochSecond(i);
        add(second, block.data(), block.dataOffset(i), block.dataLength(i), block.extended(i), block.address(i),
            block.rssi(i));
      } catch (RuntimeException e) {
        failed++;
        onError.accept(e);
      }
    }
    failed += aggregator.sightAll(run, onError);
    return to - from - failed;
  }

  /** Decodes one report and adds it to the run (which has room). */
  private void add(long second, byte[] data, int off, int len, boolean extended, long address, int rssi) {
    ScanResult d = decode(data, off, len, extended);
    if (d.hasId()) {
      run.addId(second, d.kind(), d.source(), d.idOffset(), d.idLength(), d.metadataOffset(), rssi);
    } else {
      run.addPresence(second, d.kind(), address, d.hasFault());
      offerToReader(address, rssi, d);
    }
  }

  /** For a source with its own time, listening starts at its first report. */
  private void listenFrom(Instant at) {
    if (listeningFromFirstReport) {
      listeningFromFirstReport = false;
      aggregator.listeningSince(at);
    }
  }

  /** Decodes and counts a report's advertising data {@code data[off .. off + len)}, without allocating. */
  private ScanResult decode(byte[] data, int off, int len, boolean extended) {
    // more than 31 bytes is legal only in an extended report (Core Spec v5.3 Vol 6, Part B, 2.3.1)
    ScanResult d = scanner.scan(data, off, len, extended, scanned);
    advertisements++;
    byKind.add(d.kind());
    if (d.hasFault()) {
      malformed++;
      malformedByReason.add(d.faultReason());
    }
    return d;
  }

  /** A Bluezone iPhone heard goes to the GATT reader, if there is one. */
  private void offerToReader(long address, int rssi, ScanResult d) {
    if (iosReader != null && d.kind() == DeviceKind.BLUEZONE_IOS) {
      iosReader.heard(new BluetoothAddress(address), rssi);
    }
  }

  /** Bluezone iPhones heard are offered to {@code reader} (GATT reads, opt-in). Set before processing starts. */
  public void offerBluezoneIosTo(BluezoneIdReader reader) {
    this.iosReader = reader;
  }

  /**
   * A Bluezone ID read over GATT from an iPhone at {@code at}: hashed and bucketed exactly as one
   * heard from an Android phone (kind {@code bluezone}), one sighting per read.
   */
  public void processRead(byte[] bluezoneId, int rssi, Instant at) {
    aggregator.sightId(at, DeviceKind.BLUEZONE, bluezoneId, null, rssi);
  }

  /** Hands on every bucket that ended at or before {@code now}; returns how many. */
  public int closeEndedBy(Instant now) {
    int n = 0;
    for (EncounterBatch b : aggregator.closeEndedBy(now)) {
      hand(b);
      n++;
    }
    return n;
  }

  /** Hands on every open bucket as partial (end of input or shutdown). */
  public int closeAllAsPartial() {
    aggregator.closeAllMinutes().forEach(crowdSink);
    int n = 0;
    for (EncounterBatch b : aggregator.closeAllAsPartial()) {
      hand(b);
      n++;
    }
    return n;
  }

  /** Hands on every crowd minute that ended at or before {@code now}. */
  public void closeMinutesEndedBy(Instant now) {
    aggregator.closeMinutesEndedBy(now).forEach(crowdSink);
  }

  /** Where closed crowd minutes go; by default nowhere. Set before processing starts. */
  public void crowdTo(Consumer<CrowdMinute> sink) {
    this.crowdSink = sink;
  }

  /** The wall clock stepped by {@code offset}: move what is still open (docs/clock.md). */
  public void rebase(Duration offset) {
    aggregator.rebase(offset);
  }

  /** The gateway started listening at {@code since}: an earlier-starting bucket is partial. */
  public void listeningSince(Instant since) {
    aggregator.listeningSince(since);
  }

  /**
   * For a source with its own time (a capture, the simulator): listening starts at the first
   * report's time, so a bucket that began before it is partial (docs/payloads.md, {@code partial}).
   */
  public void listeningFromFirstReport() {
    listeningFromFirstReport = true;
  }

  private void hand(EncounterBatch b) {
    sink.accept(b.withClock(clock.get()));
    batches++;
  }

  public long advertisements() {
    return advertisements;
  }

  public long malformed() {
    return malformed;
  }

  /** Malformed advertising data by fault reason. */
  public Map<AdFault.Reason, Long> malformedByReason() {
    return malformedByReason.nonZero();
  }

  public long batches() {
    return batches;
  }

  public Map<DeviceKind, Long> advertisementsByKind() {
    return Map.copyOf(byKind.nonZero());
  }

  /** Buckets dropped because their day key was no longer held (a clock step back over midnight). */
  public long unhashableBuckets() {
    return aggregator.unhashableBuckets();
  }

  public int trackedIds() {
    return aggregator.trackedIds();
  }
}
