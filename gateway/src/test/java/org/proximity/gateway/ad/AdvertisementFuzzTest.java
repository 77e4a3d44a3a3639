package org.proximity.gateway.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One million (times {@code -Dfuzz.scale=N}) seeded random and mutated payloads through the parser, the decoder and the
 * allocation-free scanner: no exception, the scanner agrees with decode on every one, and every
 * fault is counted by reason. Seed: {@code -Dfuzz.seed=N} (printed).
 */
class AdvertisementFuzzTest {
  static final int CASES = 1_000_000 * Integer.getInteger("fuzz.scale", 1);
  private static final HexFormat HEX = HexFormat.of();

  /** Valid payloads to mutate: real GAEN (ANU 2020), Bluezone, iBeacon, and adverts from the Boston captures. */
  static final List<byte[]> SEEDS = List.of(
      HEX.parseHex("03036ffd17166ffd12ec68a558f69b3e332d303c222d6574f666f99a"),
      HEX.parseHex("02011a0303564e0fffb5220102030405060708090a0b0c"),
      HEX.parseHex("0201061aff4c000215e2c56db5dffb48d2b060d0f5a71096e000010002c5"),
      HEX.parseHex("11074e56734bc4a12f17d1ad07a667000000"),
      HEX.parseHex("02011a0aff4c0010052918a8f849"),
      HEX.parseHex("0201050c094756483731373336413931"),
      HEX.parseHex("0201060fffd00601eaea70fa48a806030202"),
      HEX.parseHex("0201060109476f7665655b48363037365f303434"),
      // Bluezone iOS: 128-bit UUID (little-endian), Apple overflow area with bit 0x08, local name
      HEX.parseHex("110767a607add1172fa1c44bf573564e0000"),
      HEX.parseHex("02011a14ff4c000108000000000000000000000000000000"),
      HEX.parseHex("0909426c75657a6f6e65"),
      // BlueTrace: manufacturer data of company 0x03FF
      HEX.parseHex("02011a06ffff03414243"),
      new byte[0]);

  /** Fixed by default so that every run checks the same million cases; override to explore. */
  static long seed() {
    String s = System.getProperty("fuzz.seed");
    return s == null ? 20261129L : Long.parseLong(s);
  }

  /** A random payload or a mutation of a seed: bit flips, byte changes, truncation, insertion. */
  static byte[] mutate(SplittableRandom rnd, List<byte[]> seeds) {
    if (rnd.nextInt(8) == 0) {
      byte[] b = new byte[rnd.nextInt(40)];
      rnd.nextBytes(b);
      return b;
    }
    byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
    int edits = 1 + rnd.nextInt(3);
    for (int e = 0; e < edits; e++) {
      switch (rnd.nextInt(5)) {
        case 0 -> { if (b.length > 0) { int i = rnd.nextInt(b.length); b[i] ^= (byte) (1 << rnd.nextInt(8)); } }
        case 1 -> { if (b.length > 0) { b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256); } }
        case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
        case 3 -> {
          int at = rnd.nextInt(b.length + 1);
          byte[] c = new byte[b.length + 1 + rnd.nextInt(4)];
          System.arraycopy(b, 0, c, 0, at);
          for (int i = at; i < at + c.length - b.length; i++) {
            c[i] = (byte) rnd.nextInt(256);
          }
          System.arraycopy(b, at, c, at + c.length - b.length, b.length - at);
          b = c;
        }
        default -> { if (b.length > 0) { b[0] = (byte) rnd.nextInt(32); } } // a plausible length byte
      }
    }
    return b;
  }

  @Test
  void scanAndDecode_oneMillionMutatedPayloads_noExceptionSameVerdictFaultsCounted() {
    long seed = seed();
    System.out.println("AdvertisementFuzzTest seed " + seed + " (override with -Dfuzz.seed=N)");
    SplittableRandom rnd = new SplittableRandom(seed);
    AdvertisementDecoder decoder = new AdvertisementDecoder();
    AdvertisementScanner scanner = new AdvertisementScanner();
    ScanResult scanned = new ScanResult();
    ScanResult inPlace = new ScanResult();
    Map<AdFault.Reason, Long> faults = new EnumMap<>(AdFault.Reason.class);
    Map<DeviceKind, Long> kinds = new EnumMap<>(DeviceKind.class);
    long faulted = 0;
    AdView view = new AdView();
    Map<AdView.FieldFault, Long> fieldFaults = new EnumMap<>(AdView.FieldFault.class);
    for (int n = 0; n < CASES; n++) {
      byte[] b = mutate(rnd, SEEDS);
      try {
        boolean extended = (n & 1) == 1;
        AdParseResult parsed = extended ? AdParser.parseExtended(b) : AdParser.parse(b);
        DecodedAdvertisement decoded = decoder.decode(parsed);
        ScanResult s = extended ? scanner.scanExtended(b, scanned) : scanner.scan(b, scanned);
        if (!decoded.equals(s.toDecoded())) {
          fail("case " + n + " seed " + seed + ": scanner and decoder disagree on " + HEX.formatHex(b));
        }
        // the same bytes inside a larger array (a report block's slab): offsets count from the data's start
        int at = 1 + (n & 7);
        byte[] slab = new byte[at + b.length + 5];
        System.arraycopy(b, 0, slab, at, b.length);
        if (!decoded.equals(scanner.scan(slab, at, b.length, extended, inPlace).toDecoded())) {
          fail("case " + n + " seed " + seed + ": scanning in place disagrees on " + HEX.formatHex(b));
        }
        kinds.merge(decoded.kind(), 1L, Long::sum);
        touchEveryField(extended ? view.wrapExtended(b) : view.wrap(b), fieldFaults);
        if (view.count() != parsed.structures().size()) {
          fail("case " + n + " seed " + seed + ": view and parser disagree on " + HEX.formatHex(b));
        }
        if (decoded.fault() != null) {
          faulted++;
          faults.merge(decoded.fault().reason(), 1L, Long::sum);
        }
      } catch (RuntimeException e) {
        throw new AssertionError("case " + n + " seed " + seed + " threw on " + HEX.formatHex(b), e);
      }
    }
    System.out.println("AdvertisementFuzzTest faults " + faults + " kinds " + kinds + " field faults " + fieldFaults);
    assertEquals(AdView.FieldFault.values().length, fieldFaults.size(), "every field fault reached: " + fieldFaults);
    assertEquals(faulted, faults.values().stream().mapToLong(Long::longValue).sum());
    assertTrue(faults.size() == AdFault.Reason.values().length, "every reason reached: " + faults);
    assertTrue(kinds.size() >= 5, "most kinds reached: " + kinds);
  }

  /** Every typed accessor of {@link AdView} on every structure: none may throw. */
  private static void touchEveryField(AdView v, Map<AdView.FieldFault, Long> faults) {
    v.flags();
    v.txPower();
    v.appleOverflowBit(3);
    int name = v.name();
    if (name >= 0) {
      v.nameString(name);
    }
    for (int s = 0; s < v.count(); s++) {
      for (int i = 0; i < v.uuidCount(s); i++) {
        v.uuid(s, i);
      }
      if (v.isServiceData(s) && v.serviceDataLength(s) >= 0) {
        v.uuid(s, 0);
      }
      v.companyId(s);
      AdView.FieldFault f = v.fieldFault(s);
      if (f != null) {
        v.fieldFaultOffset(s);
        faults.merge(f, 1L, Long::sum);
      }
    }
  }
}
