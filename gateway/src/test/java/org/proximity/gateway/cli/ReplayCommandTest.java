package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.cli.ExitCodes;
import org.proximity.gateway.cli.Cli.Run;

class ReplayCommandTest {
  private static final Path CAPTURES =
      Path.of(System.getProperty("testdata.dir", "src/test/resources"), "captures");
  private static final Path ANU = CAPTURES.resolve("anu2020-gaen-real-phone.pcap");
  /** The privacy.md test root key 00 01 … 1f. */
  private static final String ROOT_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  /** The RPIs btmon printed (captures/anu2020-gaen-btmon-excerpt.txt), distinct. */
  private static final Set<String> ANU_RPIS = Set.of(
      "12ec68a558f69b3e332d303c222d6574", "338bc312462ad8cceac945f41bcfe451", "159dcfb44a2d58e72f9a6abbf047242b");

  static Cli.Run replay(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "replay";
    System.arraycopy(args, 0, full, 1, args.length);
    return Cli.run(full);
  }

  /** privacy.md, computed here with the JDK only: K(0) = HMAC(R, "pgw1-day-0"); id = HMAC(K(d), kind ‖ 0 ‖ rpi)[0..16). */
  private static String independentRecordId(String rpiHex) throws Exception {
    byte[] k0 = hmac(HexFormat.of().parseHex(ROOT_HEX), "pgw1-day-0".getBytes(StandardCharsets.US_ASCII));
    byte[] input = new byte[5 + 16];
    System.arraycopy("gaen".getBytes(StandardCharsets.US_ASCII), 0, input, 0, 4);
    System.arraycopy(HexFormat.of().parseHex(rpiHex), 0, input, 5, 16);
    return HexFormat.of().formatHex(Arrays.copyOf(hmac(k0, input), 16)); // day 0: the capture is in 1970-01-01
  }

  private static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static Path rootKeyFile(Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("root.key"), ROOT_HEX + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return key;
  }

  @Test
  void replay_anuGaenPcapWithRootKey_gaenRecordIdsEqualIndependentHmac(@TempDir Path dir) throws Exception {
    Run run = replay("--root-key", rootKeyFile(dir).toString(), ANU.toString());
    assertEquals(0, run.exit(), run.err());
    Set<String> expected = new TreeSet<>();
    for (String rpi : ANU_RPIS) {
      expected.add(independentRecordId(rpi));
    }
    Set<String> ids = new TreeSet<>();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : run.out().split("\n")) {
      JsonNode j = new ObjectMapper().readTree(line);
      lines.add(j);
      assertEquals("replay", j.get("site").asText());
      for (JsonNode r : j.get("records")) {
        assertEquals("gaen", r.get("kind").asText());
        ids.add(r.get("id").asText());
      }
    }
    assertEquals(expected, ids);
    // btmon times 1779.6 s and 3365.7 s: buckets 00:00 and 00:30 of 1970-01-01, both cut short by the end
    assertEquals(List.of("1970-01-01T00:00:00Z", "1970-01-01T00:30:00Z"),
        lines.stream().map(j -> j.get("bucket").get("start").asText()).toList());
    assertTrue(lines.stream().allMatch(j -> j.get("partial").asBoolean()));
    assertEquals(List.of(1L, 2L), lines.stream().map(j -> j.get("seq").asLong()).toList());
    assertTrue(run.err().contains("frames: 5") && run.err().contains("by kind: gaen=5")
        && run.err().contains("batches: 2"), run.err());
    for (String rpi : ANU_RPIS) {
      assertFalse(run.out().contains(rpi) || run.err().contains(rpi), "raw RPI printed");
    }
  }

  @Test
  void replay_outFileSiteAndShortBuckets_writesFileClosingBucketsAsTimePasses(@TempDir Path dir) throws Exception {
    // the ANU frames in time order: the one at 3365 s last, after four around 1780 s
    byte[] anu = Files.readAllBytes(ANU);
    int record = 16 + 47;
    byte[] ordered = new byte[anu.length];
    System.arraycopy(anu, 0, ordered, 0, 24);
    System.arraycopy(anu, 24 + record, ordered, 24, 4 * record);
    System.arraycopy(anu, 24, ordered, 24 + 4 * record, record);
    Path capture = Files.write(dir.resolve("ordered.pcap"), ordered);
    Path out = dir.resolve("out.jsonl");
    Run run = replay("--ephemeral-key", "--out", out.toString(), "--site", "hcm-bus", "--minutes", "1",
        capture.toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().contains("warning: hashing under a random ephemeral key"), run.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals(2, lines.size());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertEquals("hcm-bus", first.get("site").asText());
    // heard from its first frame, not its start (a bucket heard whole: ReplayPublishIT)
    assertTrue(first.get("partial").asBoolean(), "a bucket that began before the capture is partial");
    assertTrue(new ObjectMapper().readTree(lines.get(lines.size() - 1)).get("partial").asBoolean());
  }

  @Test
  void replay_truncatedCapture_exit65OneLineSayingWhereAfterWritingEarlierBatches(@TempDir Path dir) throws Exception {
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(ANU), 150 + 16 + 10));
    Run run = replay("--ephemeral-key", cut.toString());
    assertEquals(ExitCodes.DATA_ERROR, run.exit());
    assertTrue(run.err().contains("replay: corrupt capture " + cut + ": frame 3 at byte 166: truncated record data"),
        run.err());
    assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    assertEquals(2, run.out().lines().count(), "the two frames before the fault still make batches");
  }

  @Test
  void replay_missingFile_exit66() {
    Run run = replay("--ephemeral-key", "/nonexistent/capture.pcap");
    assertEquals(ExitCodes.NO_INPUT, run.exit());
    assertEquals("replay: cannot open /nonexistent/capture.pcap: no such file", run.err().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void replay_noKeyOption_exit2WithClearMessage() {
    Run run = replay(ANU.toString());
    assertEquals(ExitCodes.USAGE, run.exit());
    assertTrue(run.err().contains("--root-key FILE") && run.err().contains("--ephemeral-key"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void replay_unknownExtensionAndUnrecognisedBytes_exit2AskingForFormat(@TempDir Path dir) throws Exception {
    Path odd = Files.write(dir.resolve("capture.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Run run = replay("--ephemeral-key", odd.toString());
    assertEquals(ExitCodes.USAGE, run.exit());
    assertTrue(run.err().contains("give --format btsnoop|pcap|pcapng"), run.err());
  }

  @Test
  void replay_unknownExtensionWithFormatOption_reads(@TempDir Path dir) throws Exception {
    Path copy = Files.copy(ANU, dir.resolve("capture.bin"));
    Run run = replay("--ephemeral-key", "--format", "pcap", copy.toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals(2, run.out().lines().count());
  }

  @Test
  void replay_rootKeyReadableByOthers_isRefusedLikeKeysDerive(@TempDir Path dir) throws Exception {
    Path key = rootKeyFile(dir);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Run run = replay("--root-key", key.toString(), ANU.toString());
    assertEquals(ExitCodes.CONFIG_ERROR, run.exit());
    assertTrue(run.err().contains(key + " must be readable by its owner only (chmod 600), but is rw-r--r--"), run.err());
    assertFalse(run.err().contains(ROOT_HEX), run.err());
  }

  @Test
  void replay_badRootKeyFile_exit78WithoutEchoingIt(@TempDir Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("bad.key"), "secretsecret\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Run run = replay("--root-key", key.toString(), ANU.toString());
    assertEquals(ExitCodes.CONFIG_ERROR, run.exit());
    assertFalse(run.err().contains("secretsecret"), run.err());
  }

  @Test
  void replayWithConfig_jsonLinesOptionsRefused(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("any.toml");
    Files.writeString(cfg, "");
    Run run = replay(ANU.toString(), "--config", cfg.toString(), "--out", dir.resolve("o").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--out cannot be combined with --config"), run.err());
  }
}
