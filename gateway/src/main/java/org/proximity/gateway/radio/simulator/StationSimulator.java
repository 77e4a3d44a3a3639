package org.proximity.gateway.radio.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.proximity.contract.rollingid.BluezoneKeySchedule;
import org.proximity.gateway.radio.Advertisement;

/**
 * A simulated bus station: phones with tracing apps arrive, wait and leave among background devices.
 * Pure and deterministic: the stream is a function of the {@link SimulationConfig} alone; time is
 * simulated, nothing sleeps or reads a clock. {@link SimulatedAdvertisementSource} paces it in real
 * time.
 *
 * <p>Not thread-safe: one thread calls {@link #next()}.
 *
 * <p>Ground truth (every phone that arrived, with its keys) grows with every arrival, about 1 MB per
 * simulated hour at 2,000 phones: a simulator that runs for days (the service's {@code simulator}
 * source, the bench's soak) is made with {@link GroundTruth#FORGET}.
 */
public final class StationSimulator {

  // dwell of a waiting passenger: log-normal around 12 min, clamped to 2-60 min
  static final double DWELL_MEDIAN_MINUTES = 12;
  static final double DWELL_SIGMA = 0.7;
  static final double MIN_DWELL_MINUTES = 2;
  static final double MAX_DWELL_MINUTES = 60;
  /** Mean of the clamped dwell distribution above (numerically ≈ 15.1 min), for Little's law. */
  static final double MEAN_DWELL_MINUTES = 15.1;

  /** Share of GAEN phones with out-of-sync MAC/RPI rotation, like older Samsungs (docs/gaen.md#rotation). */
  static final double OUT_OF_SYNC_SHARE = 0.1;
  static final long MIN_OUT_OF_SYNC_LAG_MILLIS = 100;
  static final long MAX_OUT_OF_SYNC_LAG_MILLIS = 1500;

  /** Share of GAEN phones sending the spec layout with Flags; the rest send Android's 28 bytes. */
  static final double GAEN_WITH_FLAGS_SHARE = 0.5;

  /** Phones keep 14 days of keys: the base key is 0-13 days old (docs/bluezone.md#server-message-and-matching). */
  static final int MAX_BASE_KEY_AGE_DAYS = 13;

  private static final long SECONDS_PER_DAY = 86_400;

  private final SimulationConfig config;
  private final SplittableRandom random;
  /** Pending advertising events of devices and (device null) the next phone arrival. */
  private final EventQueue queue = new EventQueue();
  private final long endNanos;
  private final List<SimulatedPhone> phones = new ArrayList<>();
  private final GroundTruth truth;
  private int arrived;
  private final double arrivalsPerSecond;

  /** Whether the simulator keeps every phone that arrived, for {@link #phones()}. */
  public enum GroundTruth {
    KEEP,
    /** Departed phones are forgotten: memory stays flat however long the simulation runs. */
    FORGET
  }

  /** A simulator that keeps its ground truth. */
  public StationSimulator(SimulationConfig config) {
    this(config, GroundTruth.KEEP);
  }

  public StationSimulator(SimulationConfig config, GroundTruth truth) {
    this.config = config;
    this.truth = truth;
    this.random = new SplittableRandom(config.seed());
    // Little's law: present = arrival rate × mean dwell
    this.arrivalsPerSecond = config.phones() / (MEAN_DWELL_MINUTES * 60);
    this.endNanos = config.end() == null ? Long.MAX_VALUE : epochNanos(config.end());
    Instant start = config.start();
    for (int i = 0; i < config.backgroundDevices(); i++) {
      SimulatedDevice d = new BackgroundDevice(random.split());
      schedule(d.firstAdvertisingEvent(start), d);
    }
    // the station is already busy when the run starts
    for (int i = 0; i < config.phones(); i++) {
      arrive(start);
    }
    if (config.phones() > 0) {
      schedule(start.plus(nextInterArrival()), null);
    }
  }

  public SimulationConfig config() {
    return config;
  }

  /**
   * The next advertisement the gateway hears, in time order. Empty once the configured end is
   * reached, or at once if the station holds no devices at all.
   */
  public Optional<Advertisement> next() {
    while (!queue.isEmpty() && queue.firstAt() < endNanos) {
      Instant at = instant(queue.firstAt());
      SimulatedDevice device = queue.firstDevice();
      queue.removeFirst();
      if (device == null) {
        arrive(at);
        schedule(at.plus(nextInterArrival()), null);
        continue;
      }
      if (!device.presentAt(at)) {
        continue; // left the station: no further events
      }
      // the phone advertises (and rotates) whether or not the gateway hears it
      byte[] data = device.advertisingData(at);
      var address = device.address(at);
      schedule(device.nextAdvertisingEvent(at), device);
      if (!device.lost(config.lossRate())) {
        return Optional.of(new Advertisement(at, address, device.addressType(), device.rssi(), data));
      }
    }
    return Optional.empty();
  }

  /** Ground truth: every tracing-app phone that has arrived so far, in order of arrival. */
  public List<SimulatedPhone> phones() {
    if (truth == GroundTruth.FORGET) {
      throw new IllegalStateException("this simulator was made to forget its ground truth");
    }
    return Collections.unmodifiableList(new ArrayList<>(phones));
  }

  /** Phones held for the ground truth (none when it is forgotten). */
  int phonesHeld() {
    return phones.size();
  }

  private void schedule(Instant at, SimulatedDevice device) {
    queue.add(epochNanos(at), device);
  }

  private static long epochNanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  private Duration nextInterArrival() {
    double seconds = -Math.log(1 - random.nextDouble()) / arrivalsPerSecond;
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private void arrive(Instant at) {
    SplittableRandom own = random.split();
    PhoneKind kind = chooseKind(own.nextDouble());
    double minutes = Math.exp(Math.log(DWELL_MEDIAN_MINUTES) + DWELL_SIGMA * own.nextGaussian());
    minutes = Math.max(MIN_DWELL_MINUTES, Math.min(MAX_DWELL_MINUTES, minutes));
    Instant departure = at.plusNanos(Math.round(minutes * 60e9));
    boolean outOfSync = kind == PhoneKind.GAEN && own.nextDouble() < OUT_OF_SYNC_SHARE;
    List<SimulatedDailyKey> keys = dailyKeys(own, kind, at, departure);
    SimulatedPhone phone = new SimulatedPhone(++arrived, kind, at, departure, keys, outOfSync);
    if (truth == GroundTruth.KEEP) {
      phones.add(phone); // otherwise only the device holds it, until it leaves
    }
    SimulatedDevice device = switch (kind) {
      case GAEN -> {
        long lag = 0;
        if (outOfSync) {
          long millis = own.nextLong(MIN_OUT_OF_SYNC_LAG_MILLIS, MAX_OUT_OF_SYNC_LAG_MILLIS + 1);
          lag = (own.nextBoolean() ? millis : -millis) * 1_000_000;
        }
        yield new GaenPhone(own, phone, own.nextDouble() < GAEN_WITH_FLAGS_SHARE, lag);
      }
      case BLUEZONE_ANDROID -> new BluezoneAndroidPhone(own, phone);
      case BLUEZONE_IOS -> new BluezoneIosPhone(own, phone);
    };
    schedule(device.firstAdvertisingEvent(at), device);
  }

  private PhoneKind chooseKind(double u) {
    if (u < config.gaenShare()) {
      return PhoneKind.GAEN;
    }
    return u < config.gaenShare() + config.bluezoneAndroidShare()
        ? PhoneKind.BLUEZONE_ANDROID
        : PhoneKind.BLUEZONE_IOS;
  }

  /** One key per UTC day of presence: a random TEK, or D(day) of a random Bluezone base key. */
  private static List<SimulatedDailyKey> dailyKeys(
      SplittableRandom random, PhoneKind kind, Instant arrival, Instant departure) {
    long firstDay = Math.floorDiv(arrival.getEpochSecond(), SECONDS_PER_DAY);
    long lastDay = Math.floorDiv(departure.minusNanos(1).getEpochSecond(), SECONDS_PER_DAY);
    List<SimulatedDailyKey> keys = new ArrayList<>();
    if (kind == PhoneKind.GAEN) {
      for (long day = firstDay; day <= lastDay; day++) {
        byte[] tek = new byte[16];
        random.nextBytes(tek);
        keys.add(new SimulatedDailyKey(day, tek));
      }
    } else if (kind == PhoneKind.BLUEZONE_ANDROID) {
      byte[] baseKey = new byte[32];
      random.nextBytes(baseKey);
      int age = random.nextInt(MAX_BASE_KEY_AGE_DAYS + 1);
      for (long day = firstDay; day <= lastDay; day++) {
        keys.add(new SimulatedDailyKey(day,
            BluezoneKeySchedule.dailyKey(
                baseKey, Math.toIntExact(day - firstDay + age))));
      }
    }
    return keys;
  }
}
