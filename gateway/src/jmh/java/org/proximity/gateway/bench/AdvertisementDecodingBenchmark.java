package org.proximity.gateway.bench;

import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.AdvertisementScanner;
import org.proximity.gateway.ad.ScanResult;

/**
 * Parse + classify + decode of advertising data on a realistic mix (docs/benchmarks.md): per
 * 100 adverts, 10 GAEN, 5 Bluezone, 45 Apple continuity, 5 iBeacon, 30 others, 5 malformed.
 * Scores are per advertisement ({@link OperationsPerInvocation}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AdvertisementDecodingBenchmark {
  static final int MIX = 1024;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[][] payloads = new byte[MIX][];
  private final AdvertisementScanner scanner = new AdvertisementScanner();
  private final ScanResult result = new ScanResult();
  private final AdvertisementDecoder decoder = new AdvertisementDecoder();

  @Setup
  public void setUp() {
    String[][] kinds = {
      // weight, hex
      {"10", "03036ffd17166ffd12ec68a558f69b3e332d303c222d6574f666f99a"}, // GAEN (ANU 2020)
      {"5", "02011a0303564e0fffb5220102030405060708090a0b0c"}, // Bluezone Android
      {"25", "02011a0aff4c0010052918a8f849"}, // Apple Nearby Info (Boston capture)
      {"20", "07ff4c0012020002"}, // Apple Find My, short
      {"5", "0201061aff4c000215e2c56db5dffb48d2b060d0f5a71096e000010002c5"}, // iBeacon
      {"15", "0201050c094756483731373336413931"}, // a named sensor
      {"15", "0201060fffd00601eaea70fa48a806030202"}, // other manufacturer data + UUIDs
      {"5", "02010605ff4c00"}, // malformed: length past end
    };
    SplittableRandom rnd = new SplittableRandom(42);
    int total = 0;
    for (String[] k : kinds) {
      total += Integer.parseInt(k[0]);
    }
    for (int i = 0; i < MIX; i++) {
      int pick = rnd.nextInt(total);
      for (String[] k : kinds) {
        pick -= Integer.parseInt(k[0]);
        if (pick < 0) {
          payloads[i] = HEX.parseHex(k[1]);
          break;
        }
      }
    }
  }

  /** The pipeline's path: allocation-free scan into a reusable result. */
  @Benchmark
  @OperationsPerInvocation(MIX)
  public void scan(Blackhole bh) {
    for (byte[] p : payloads) {
      bh.consume(scanner.scan(p, result).kind());
    }
  }

  /** The public immutable API (decode command, tests): parse to structures, then decode. */
  @Benchmark
  @OperationsPerInvocation(MIX)
  public void decode(Blackhole bh) {
    for (byte[] p : payloads) {
      bh.consume(decoder.decode(p));
    }
  }
}
