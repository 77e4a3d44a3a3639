package org.proximity.backend.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.contract.rollingid.RecordIdHasher;
import org.proximity.contract.rollingid.SiteRootKey;

/**
 * The site root keys a backend holds: one for every site, or one per site. Each distinct root key
 * is a <em>ring</em>; a diagnosis key is hashed once per ring, since a phone may have passed any
 * site. Day keys are ratcheted forward from the nearest day already derived (docs/privacy.md) and
 * kept, with one {@link RecordIdHasher} per ring and day. Confined to one thread.
 */
public final class SiteKeys {
  /** Ring of a site this backend holds no key for. */
  public static final int NO_RING = -1;

  private final List<SiteRootKey> rings;
  private final Map<String, Integer> ringOfSite;
  private final int defaultRing;
  private final List<TreeMap<Long, DayKey>> dayKeys = new ArrayList<>();
  private final Map<Long, RecordIdHasher> hashers = new HashMap<>();

  private SiteKeys(List<SiteRootKey> rings, Map<String, Integer> ringOfSite, int defaultRing) {
    this.rings = rings;
    this.ringOfSite = ringOfSite;
    this.defaultRing = defaultRing;
    for (int i = 0; i < rings.size(); i++) {
      dayKeys.add(new TreeMap<>());
    }
  }

  /** One root key for every site ({@code --root-key}). */
  public static SiteKeys forEverySite(SiteRootKey root) {
    return new SiteKeys(List.of(Objects.requireNonNull(root, "root")), Map.of(), 0);
  }

  /** One root key per site ({@code --root-keys DIR}); records of other sites match nothing. */
  public static SiteKeys perSite(Map<String, SiteRootKey> bySite) {
    List<SiteRootKey> rings = new ArrayList<>();
    Map<String, Integer> ringOfSite = new HashMap<>();
    new TreeMap<>(bySite).forEach((site, key) -> {
      int ring = rings.indexOf(key);
      if (ring < 0) {
        rings.add(key);
        ring = rings.size() - 1;
      }
      ringOfSite.put(site, ring);
    });
    return new SiteKeys(List.copyOf(rings), Map.copyOf(ringOfSite), NO_RING);
  }

  public int rings() {
    return rings.size();
  }

  /** The ring whose root key hashed this site's records, or {@link #NO_RING}. */
  public int ringOf(String site) {
    return ringOfSite.getOrDefault(site, defaultRing);
  }

  /** The hasher of K(epochDay) under this ring's root key. */
  public RecordIdHasher hasher(int ring, long epochDay) {
    return hashers.computeIfAbsent(ring * 1_000_000_000L + epochDay, k -> dayKey(ring, epochDay).hasher());
  }

  /**
   * Whether this backend derives the key id a batch of {@code site} names for {@code epochDay}. If
   * not, the root key is not the one the gateway used, and none of the batch's records can match.
   */
  public boolean derivesKeyId(String site, long epochDay, String keyId) {
    int ring = ringOf(site);
    return ring != NO_RING && hasher(ring, epochDay).keyId().equals(keyId);
  }

  DayKey dayKey(int ring, long epochDay) {
    TreeMap<Long, DayKey> known = dayKeys.get(ring);
    Map.Entry<Long, DayKey> floor = known.floorEntry(epochDay);
    DayKey k = floor == null ? rings.get(ring).dayKey(epochDay) : floor.getValue().advanceTo(epochDay);
    known.put(epochDay, k);
    return k;
  }
}
