package org.proximity.backend.match;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.payload.RssiSummary;
import org.proximity.contract.payload.TimeBucket;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.contract.rollingid.RecordIdHasher;
import org.proximity.contract.rollingid.SiteRootKey;

/** Builds records as a gateway of a site would publish them, for raw IDs heard at given times. */
public final class Heard {
  private static final HexFormat HEX = HexFormat.of();
  public static final RssiSummary RSSI = new RssiSummary(-80, -70, -60);

  private static final Map<String, DayKey> DAY_KEYS = new ConcurrentHashMap<>();

  private Heard() {}

  /** K(d), ratcheted once per root key and day: about 18,000 HMACs each. */
  public static RecordIdHasher hasher(SiteRootKey root, long epochDay) {
    return DAY_KEYS.computeIfAbsent(root.hashCode() + "/" + epochDay, k -> root.dayKey(epochDay)).hasher();
  }

  /** A GAEN record of {@code rpi} heard from {@code first} to {@code last} (same 30-minute bucket). */
  public static StoredRecord gaen(SiteRootKey root, String site, byte[] rpi, byte[] rawAem, Instant first, Instant last) {
    TimeBucket bucket = TimeBucket.containing(first, BucketWidth.DEFAULT);
    RecordIdHasher h = hasher(root, bucket.epochDay());
    String aem = HEX.formatHex(h.sealAem(rpi, rawAem));
    return new StoredRecord(site, "bay-1", bucket,
        new EncounterRecord(HEX.formatHex(h.recordId(RecordIdHasher.GAEN, rpi)), RecordIdHasher.GAEN, first, last,
            7, RSSI, aem));
  }

  public static StoredRecord bluezone(SiteRootKey root, String site, byte[] id, Instant first, Instant last) {
    TimeBucket bucket = TimeBucket.containing(first, BucketWidth.DEFAULT);
    RecordIdHasher h = hasher(root, bucket.epochDay());
    return new StoredRecord(site, "bay-1", bucket,
        new EncounterRecord(HEX.formatHex(h.recordId(RecordIdHasher.BLUEZONE, id)), RecordIdHasher.BLUEZONE, first,
            last, 3, RSSI, null));
  }
}
