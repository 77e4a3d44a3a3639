package org.proximity.backend.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.proximity.backend.bluezone.BluezoneKey;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.rollingid.BluezoneKeySchedule;
import org.proximity.contract.rollingid.GaenKeySchedule;
import org.proximity.contract.rollingid.RecordIdHasher;

/**
 * Matches diagnosis keys against encounter records (docs/matching.md). Built once from the keys:
 * every record id the keys can produce under every ring's day keys goes into a {@link
 * CandidateIndex}; then each record is one hash probe plus a time check, so a store of any size is
 * streamed past it once. Pure: no files, sockets or clock. Confined to one thread.
 *
 * <p>GAEN: RPI_j may be heard within ±2 hours of its interval (the reference's clock-drift
 * tolerance), so it is hashed under the key of every day that window touches, and a record matches
 * when its {@code [first, last]} overlaps {@code [start_j − 2 h, start_j + 10 min + 2 h)}. Bluezone:
 * IDs are regenerated only for slots inside {@code [time_start, time_end]}, and a record matches when
 * it overlaps the ID's own slot, both ends included (the app's rule, no tolerance).
 */
public final class Matcher {
  static final long GAEN_TOLERANCE_SECONDS = 2 * 3600;
  private static final long SECONDS_PER_DAY = 86_400;
  private static final long MILLIS_PER_DAY = 86_400_000;
  private static final byte[] HEX_VALUE = new byte[128];

  private final KeyKind kind;
  private final List<DiagnosisKey> gaenKeys;
  private final List<BluezoneKey> bluezoneKeys;
  private final SiteKeys siteKeys;
  private final CandidateIndex index;
  private final MatchStats stats = new MatchStats();

  private Matcher(KeyKind kind, List<DiagnosisKey> gaenKeys, List<BluezoneKey> bluezoneKeys, SiteKeys siteKeys,
      CandidateIndex index) {
    this.kind = kind;
    this.gaenKeys = gaenKeys;
    this.bluezoneKeys = bluezoneKeys;
    this.siteKeys = siteKeys;
    this.index = index;
    stats.keys = kind == KeyKind.GAEN ? gaenKeys.size() : bluezoneKeys.size();
    stats.candidates = index.size();
  }

  /** A matcher for GAEN diagnosis keys (already revised and without revoked ones). */
  public static Matcher gaen(List<DiagnosisKey> keys, SiteKeys siteKeys) {
    List<DiagnosisKey> ks = List.copyOf(new LinkedHashSet<>(keys));
    long expected = 0;
    for (DiagnosisKey k : ks) {
      expected += k.rollingPeriod() + 48L; // at most 24 intervals each side of at most two midnights
    }
    CandidateIndex index = new CandidateIndex(capacity(expected * siteKeys.rings()));
    for (int ki = 0; ki < ks.size(); ki++) {
      DiagnosisKey k = ks.get(ki);
      int rsin = k.rollingStartIntervalNumber();
      byte[] rpis = GaenKeySchedule.rpis(GaenKeySchedule.rpik(k.keyData()), rsin, k.rollingPeriod());
      byte[] rpi = new byte[GaenKeySchedule.RPI_LENGTH];
      for (int i = 0; i < k.rollingPeriod(); i++) {
        System.arraycopy(rpis, i * rpi.length, rpi, 0, rpi.length);
        int j = rsin + i;
        long from = windowFrom(j);
        long to = windowTo(j);
        for (long d = Math.floorDiv(from, SECONDS_PER_DAY); d <= Math.floorDiv(to - 1, SECONDS_PER_DAY); d++) {
          for (int ring = 0; ring < siteKeys.rings(); ring++) {
            index.add(siteKeys.hasher(ring, d).recordId(RecordIdHasher.GAEN, rpi), ring, d, ki, j);
          }
        }
      }
    }
    index.seal();
    return new Matcher(KeyKind.GAEN, ks, List.of(), siteKeys, index);
  }

  /** A matcher for the entries of Bluezone's infected-user message. */
  public static Matcher bluezone(List<BluezoneKey> keys, SiteKeys siteKeys) {
    List<BluezoneKey> ks = List.copyOf(new LinkedHashSet<>(keys));
    long expected = 0;
    for (BluezoneKey k : ks) {
      expected += ((k.timeEnd() - k.timeStart()) / SECONDS_PER_DAY + 2) * k.max();
    }
    CandidateIndex index = new CandidateIndex(capacity(expected * siteKeys.rings()));
    for (int ki = 0; ki < ks.size(); ki++) {
      BluezoneKey k = ks.get(ki);
      long startMs = k.timeStart() * 1000;
      long endMs = k.timeEnd() * 1000;
      long slotMs = k.slotMillis();
      byte[] daily = k.dailyKey();
      for (long d = Math.floorDiv(k.timeStart(), SECONDS_PER_DAY); d * MILLIS_PER_DAY <= endMs; d++) {
        List<byte[]> ids = BluezoneKeySchedule.bluezoneIds(daily, k.max());
        for (int slot = 0; slot < k.max(); slot++) {
          long s0 = d * MILLIS_PER_DAY + slot * slotMs;
          if (s0 > endMs) {
            break;
          }
          if (s0 + slotMs < startMs) {
            continue;
          }
          for (int ring = 0; ring < siteKeys.rings(); ring++) {
            index.add(siteKeys.hasher(ring, d).recordId(RecordIdHasher.BLUEZONE, ids.get(slot)), ring, d, ki, slot);
          }
        }
        daily = BluezoneKeySchedule.dailyKey(daily, 1);
      }
    }
    index.seal();
    return new Matcher(KeyKind.BLUEZONE, List.of(), ks, siteKeys, index);
  }

  public KeyKind kind() {
    return kind;
  }

  /** The first bucket day a record can match on; after {@link #lastDay()} when no key gives any ID. */
  public long firstDay() {
    return index.firstDay();
  }

  /** The last bucket day a record can match on. */
  public long lastDay() {
    return index.lastDay();
  }

  /**
   * Whether a record with this site, bucket day and id can match at all: one hash probe, no time
   * check. Lets a reader that streams every record skip building almost all of them.
   */
  public boolean mayMatch(String site, long epochDay, String recordId) {
    int ring = siteKeys.ringOf(site);
    if (ring == SiteKeys.NO_RING || recordId.length() != 32) {
      return false;
    }
    long idHi = hexLong(recordId, 0);
    if (!index.mayHold(idHi)) {
      return false;
    }
    for (int s = index.slot(idHi); index.at(s) >= 0; s = index.next(s)) {
      if (index.hiDiffers(s, idHi)) {
        continue;
      }
      int c = index.at(s);
      if (index.idEquals(c, idHi, hexLong(recordId, 16)) && index.ring(c) == ring && index.day(c) == epochDay) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every record id any key can produce, once, as 32 lowercase hex characters in ascending order: a
   * store looks these up in its id index instead of reading every row (docs/matching.md).
   */
  public Iterator<String> candidateIds() {
    return index.sortedIds();
  }

  /** The exposures of one record: empty, or (unless the keys repeat an ID) one. */
  public List<Exposure> match(StoredRecord r) {
    stats.records++;
    int ring = siteKeys.ringOf(r.site());
    if (ring == SiteKeys.NO_RING) {
      stats.noRootKey++;
      return List.of();
    }
    EncounterRecord rec = r.record();
    long idHi = hexLong(rec.id(), 0);
    long idLo = hexLong(rec.id(), 16);
    long day = r.bucket().epochDay();
    List<Exposure> out = List.of();
    for (int s = index.slot(idHi); index.at(s) >= 0; s = index.next(s)) {
      int c = index.at(s);
      if (!index.idEquals(c, idHi, idLo) || index.ring(c) != ring || index.day(c) != day
          || !rec.kind().equals(kind.wireName())) {
        continue;
      }
      if (!overlaps(c, rec)) {
        stats.outsideWindow++;
        continue;
      }
      Exposure e = exposure(c, r, ring, day);
      if (out.stream().noneMatch(x -> x.keyHex().equals(e.keyHex()))) {
        if (out.isEmpty()) {
          out = new ArrayList<>(1);
        }
        out.add(e);
        stats.matched++;
      }
    }
    return out;
  }

  /** Every exposure of a stream of records, in stream order (for callers in the same process, e.g. the demo). */
  public List<Exposure> matchAll(Iterable<StoredRecord> records) {
    List<Exposure> out = new ArrayList<>();
    for (StoredRecord r : records) {
      out.addAll(match(r));
    }
    return out;
  }

  /** Counts so far. */
  public MatchSummary stats() {
    return stats.summary();
  }

  private boolean overlaps(int c, EncounterRecord rec) {
    if (kind == KeyKind.GAEN) {
      int j = index.unit(c);
      return rec.first().getEpochSecond() < windowTo(j) && rec.last().getEpochSecond() >= windowFrom(j);
    }
    BluezoneKey k = bluezoneKeys.get(index.key(c));
    long s0 = index.day(c) * MILLIS_PER_DAY + index.unit(c) * k.slotMillis();
    long s1 = s0 + k.slotMillis();
    // first and last are whole seconds, rounded down: the last sighting may lie up to 999 ms later
    return rec.first().toEpochMilli() <= s1 && rec.last().toEpochMilli() + 999 >= s0;
  }

  private Exposure exposure(int c, StoredRecord r, int ring, long day) {
    if (kind == KeyKind.BLUEZONE) {
      return new Exposure(kind, bluezoneKeys.get(index.key(c)).keyHex(), r, OptionalInt.empty());
    }
    DiagnosisKey k = gaenKeys.get(index.key(c));
    OptionalInt tx = txPower(k, index.unit(c), r, siteKeys.hasher(ring, day));
    if (tx.isEmpty()) {
      stats.aemUnreadable++;
    }
    return new Exposure(kind, k.keyHex(), r, tx);
  }

  /**
   * Unseals the published AEM with K(d) and the regenerated RPI, then decrypts it with the key's
   * AEMK (AES-CTR, its own inverse). Metadata that is not version 1.x with zero reserved bytes means
   * a wrong AEM: no TX power then.
   */
  static OptionalInt txPower(DiagnosisKey k, int interval, StoredRecord r, RecordIdHasher hasher) {
    String aem = r.record().aem();
    if (aem == null) {
      return OptionalInt.empty();
    }
    byte[] tek = k.keyData();
    byte[] rpi = GaenKeySchedule.rpi(GaenKeySchedule.rpik(tek), interval);
    byte[] raw = hasher.sealAem(rpi, HexFormat.of().parseHex(aem));
    byte[] metadata = GaenKeySchedule.aem(GaenKeySchedule.aemk(tek), rpi, raw);
    if ((metadata[0] & 0xC0) != 0x40 || metadata[2] != 0 || metadata[3] != 0) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(metadata[1]);
  }

  static long windowFrom(int interval) {
    return 600L * interval - GAEN_TOLERANCE_SECONDS;
  }

  static long windowTo(int interval) {
    return 600L * interval + 600 + GAEN_TOLERANCE_SECONDS;
  }

  private static int capacity(long expected) {
    if (expected > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many keys to match at once: " + expected + " candidate ids");
    }
    return (int) expected;
  }

  static {
    Arrays.fill(HEX_VALUE, (byte) -1);
    for (int i = 0; i < 16; i++) {
      HEX_VALUE["0123456789abcdef".charAt(i)] = (byte) i;
    }
  }

  /**
   * 16 lowercase hex characters as a long. Any other character reads as f: this only pre-filters,
   * and {@code EncounterRecord} refuses such an id before a match is reported.
   */
  private static long hexLong(String hex, int from) {
    long v = 0;
    for (int i = from; i < from + 16; i++) {
      char ch = hex.charAt(i);
      v = (v << 4) | (ch < 128 ? HEX_VALUE[ch] & 0xFL : 0xFL);
    }
    return v;
  }

  @Override
  public String toString() {
    return "Matcher[" + kind + ", " + Objects.toString(stats.summary()) + "]";
  }
}
