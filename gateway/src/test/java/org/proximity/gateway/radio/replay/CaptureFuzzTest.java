package org.proximity.gateway.radio.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutated capture files (bit flips, byte changes, truncations, inserted and deleted bytes) through
 * reader and decoders: each run ends at the end of the file or with a {@link CaptureFault}, never
 * another exception. Seed: {@code -Dfuzz.seed=N} (printed); {@code -Dfuzz.scale=N} runs N times the mutations.
 */
class CaptureFuzzTest {
  static final int MUTATIONS_PER_CAPTURE = 20_000 * Integer.getInteger("fuzz.scale", 1);

  private record Input(String name, byte[] bytes, CaptureFormat format) {}

  @Test
  void replay_mutatedCaptures_endCleanlyOrWithReaderFault() {
    String given = System.getProperty("fuzz.seed");
    long seed = given == null ? 20261129L : Long.parseLong(given); // fixed unless overridden
    System.out.println("CaptureFuzzTest seed " + seed + " (override with -Dfuzz.seed=N)");
    SplittableRandom rnd = new SplittableRandom(seed);
    Input[] inputs = {
      new Input("anu.pcap", Captures.bytes(Captures.ANU), CaptureFormat.PCAP),
      new Input("short.pcap", Captures.bytes(Captures.SHORT), CaptureFormat.PCAP),
      new Input("all-adv.pcapng", Captures.bytes(Captures.ALL_ADV), CaptureFormat.PCAPNG),
      new Input("anu.btsnoop", Captures.anuBtsnoop(2001), CaptureFormat.BTSNOOP),
      new Input("anu-h4.btsnoop", Captures.anuBtsnoop(1002), CaptureFormat.BTSNOOP),
    };
    Map<String, long[]> outcomes = new LinkedHashMap<>();
    for (Input in : inputs) {
      long[] counts = new long[2]; // clean end, fault
      for (int n = 0; n < MUTATIONS_PER_CAPTURE; n++) {
        byte[] b = mutate(rnd, in.bytes());
        try {
          CaptureReplay.of(new ByteArrayInputStream(b), in.format()).run(a -> { });
          counts[0]++;
        } catch (CaptureFault f) {
          counts[1]++;
          assertTrue(f.getMessage().contains(" at byte "), f.getMessage());
        } catch (Exception | Error e) {
          throw new AssertionError(in.name() + " mutation " + n + " seed " + seed + " threw", e);
        }
      }
      outcomes.put(in.name(), counts);
      assertTrue(counts[1] > 0, in.name() + ": some mutations must fault");
    }
    outcomes.forEach((k, v) -> System.out.println("CaptureFuzzTest " + k + ": clean " + v[0] + ", fault " + v[1]));
  }

  private static byte[] mutate(SplittableRandom rnd, byte[] file) {
    byte[] b = file.clone();
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int i = rnd.nextInt(b.length);
      switch (rnd.nextInt(5)) {
        case 0 -> b[i] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> b[i] = (byte) rnd.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, Math.max(1, i));
        case 3 -> { // insert bytes
          int k = 1 + rnd.nextInt(8);
          byte[] c = new byte[b.length + k];
          System.arraycopy(b, 0, c, 0, i);
          for (int j = 0; j < k; j++) {
            c[i + j] = (byte) rnd.nextInt(256);
          }
          System.arraycopy(b, i, c, i + k, b.length - i);
          b = c;
        }
        default -> { // delete bytes
          int k = Math.min(b.length - i, 1 + rnd.nextInt(8));
          byte[] c = new byte[Math.max(1, b.length - k)];
          System.arraycopy(b, 0, c, 0, i);
          System.arraycopy(b, i + k, c, i, Math.max(0, b.length - i - k));
          b = c;
        }
      }
    }
    return b;
  }
}
