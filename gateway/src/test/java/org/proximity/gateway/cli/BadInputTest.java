package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.proximity.common.cli.ExitCodes;
import org.proximity.gateway.publish.FakeBroker;

/**
 * What a technician sees for each bad input the robustness review tried (issue 9, item 5): one line
 * naming the key, file or option, the rule and the value, the documented exit code, and no stack
 * trace. Each case builds its files in a fresh directory, then runs the command in-process as
 * {@code java -jar proximity-gateway.jar ARGS} would.
 */
class BadInputTest {
  private static final String KEY_HEX = "ab".repeat(32);
  private static final long HUGE = 300L << 20;

  @TempDir Path dir;

  /** Sets up files in the case's directory and returns the command line. */
  @FunctionalInterface
  interface Setup {
    String[] args(Path dir) throws IOException;
  }

  private static Path ownerOnly(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** A sparse file of {@code size} bytes: as large as a mistake can be, without filling the disk. */
  private static Path huge(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    return ownerOnly(file);
  }

  private static Path dayKey(Path dir, String date) throws IOException {
    return ownerOnly(Files.writeString(dir.resolve("day.key"), date + " " + KEY_HEX + "\n"));
  }

  private static Path rootKey(Path dir) throws IOException {
    return ownerOnly(Files.writeString(dir.resolve("root.key"), KEY_HEX + "\n"));
  }

  /** A config whose day key is fine and whose other keys are {@code extra} (TOML, tables at the end). */
  private static String[] checkConfig(Path dir, String extra) throws IOException {
    Path key = dayKey(dir, "2024-10-04");
    Path cfg = Files.writeString(dir.resolve("gateway.toml"), "site = \"s\"\ngateway = \"g\"\n[keys]\nday_key_file = \""
        + key + "\"\n[outbox]\ndir = \"" + dir.resolve("outbox") + "\"\n" + extra);
    return new String[] {"check-config", "--config", cfg.toString()};
  }

  /** As {@link #checkConfig}, with {@code section} replacing the [outbox] table (for outbox keys). */
  private static String[] checkConfigWith(Path dir, String section) throws IOException {
    Path key = dayKey(dir, "2024-10-04");
    Path cfg = Files.writeString(dir.resolve("gateway.toml"),
        "site = \"s\"\ngateway = \"g\"\n[keys]\nday_key_file = \"" + key + "\"\n" + section);
    return new String[] {"check-config", "--config", cfg.toString()};
  }

  private static Arguments bad(String what, int exit, String message, Setup setup) {
    return Arguments.of(what, exit, message, setup);
  }

  static Stream<Arguments> badInputs() {
    List<Arguments> a = new ArrayList<>();
    // paths
    a.add(bad("NUL in a path in the config", ExitCodes.CONFIG_ERROR,
        "outbox.dir must be a file path without a NUL character",
        d -> checkConfigWith(d, "[outbox]\ndir = \"/var/lib/a\\u0000b\"\n")));
    a.add(bad("NUL in a path on the command line", ExitCodes.USAGE,
        "Invalid value for option '--key-file': must be a file path without a NUL character", d -> new String[] {"keys", "show", "--key-file", "day\0.key"}));
    // dates
    a.add(bad("day key dated before 1970", ExitCodes.CONFIG_ERROR,
        "is dated 1969-12-31, before 1970-01-01", d -> {
          dayKey(d, "1969-12-31");
          return new String[] {"keys", "show", "--key-file", d.resolve("day.key").toString()};
        }));
    a.add(bad("keys derive --date before 1970", ExitCodes.USAGE,
        "--date must be from 1970-01-01 to 9999-12-31, was 1969-12-31", d -> new String[] {
            "keys", "derive", "--root-key", rootKey(d).toString(), "--date", "1969-12-31", "--out", d.resolve("k").toString()}));
    a.add(bad("keys derive --date +999999999-12-31 (ran for ever)", ExitCodes.USAGE,
        "--date must be from 1970-01-01 to 9999-12-31, was +999999999-12-31", d -> new String[] {
            "keys", "derive", "--root-key", rootKey(d).toString(), "--date", "+999999999-12-31", "--out",
            d.resolve("k").toString()}));
    // numbers
    a.add(bad("outbox.max_mb past 2^63 (wrapped to a small value)", ExitCodes.CONFIG_ERROR,
        "outbox.max_mb must be between 1 and 1000000, was 36893488147419103232",
        d -> checkConfigWith(d, "[outbox]\ndir = \"" + d.resolve("o") + "\"\nmax_mb = 36893488147419103232\n")));
    a.add(bad("status.led_gpio of 2^64 + 18 (wrapped to GPIO 18)", ExitCodes.CONFIG_ERROR,
        "status.led_gpio must be -1 (no LED) or a BCM GPIO number from 0 to 27, was 18446744073709551634",
        d -> checkConfig(d, "[status]\nled_gpio = 18446744073709551634\n")));
    a.add(bad("buckets.max_ids = 1e23", ExitCodes.CONFIG_ERROR,
        "buckets.max_ids must be a whole number, was 1E+23",
        d -> checkConfig(d, "[buckets]\nmax_ids = 1e23\n")));
    a.add(bad("site = \"backend\" (the collectors' own topic level)", ExitCodes.CONFIG_ERROR,
        "site must not be \"backend\": that topic level is the backend's collectors'"
            + " (<prefix>/backend/<collector>/health), was \"backend\"", d -> {
          String[] args = checkConfig(d, "");
          Path cfg = Path.of(args[2]);
          Files.writeString(cfg, Files.readString(cfg).replace("site = \"s\"", "site = \"backend\""));
          return args;
        }));
    a.add(bad("mqtt.url port 99999 (retried for ever)", ExitCodes.CONFIG_ERROR,
        "mqtt.url must have a port from 1 to 65535, was \"tcp://broker.example:99999\"",
        d -> checkConfig(d, "[mqtt]\nurl = \"tcp://broker.example:99999\"\n")));
    a.add(bad("plain tcp:// to a broker on another machine", ExitCodes.CONFIG_ERROR,
        "mqtt.url must start with ssl:// for a broker that is not on this machine (credentials and records would"
            + " cross the network unencrypted); set mqtt.allow_plaintext = true to accept that, was \"tcp://10.0.0.5:1883\"",
        d -> checkConfig(d, "[mqtt]\nurl = \"tcp://10.0.0.5:1883\"\n")));
    a.add(bad("run: the replay capture is missing (no restart can cure it)", ExitCodes.CONFIG_ERROR,
        "the radio cannot start: cannot open capture", d -> {
          Path cfg = Files.writeString(d.resolve("gateway.toml"), String.join("\n",
              "site = \"s\"", "gateway = \"g\"", "[radio]", "source = \"replay\"",
              "[radio.replay]", "file = \"" + d.resolve("missing.pcap") + "\"",
              "[keys]", "root_key_file = \"" + rootKey(d) + "\"", "[outbox]", "dir = \"" + d.resolve("outbox") + "\"", ""));
          return new String[] {"run", "--config", cfg.toString()};
        }));
    // sizes: each refused before it is read
    a.add(bad("a 300 MB config file", ExitCodes.CONFIG_ERROR,
        "must be at most 1048576 bytes, but is 314572800",
        d -> new String[] {"check-config", "--config", huge(d.resolve("gateway.toml"), HUGE).toString()}));
    a.add(bad("a 300 MB day key file", ExitCodes.CONFIG_ERROR,
        "must be at most 4096 bytes, but is 314572800",
        d -> new String[] {"keys", "show", "--key-file", huge(d.resolve("day.key"), HUGE).toString()}));
    a.add(bad("a 300 MB root key file", ExitCodes.CONFIG_ERROR,
        "must be at most 4096 bytes, but is 314572800",
        d -> new String[] {"keys", "derive", "--root-key", huge(d.resolve("root.key"), HUGE).toString(), "--date",
            "2024-10-04", "--out", d.resolve("k").toString()}));
    a.add(bad("a 300 MB MQTT password file", ExitCodes.CONFIG_ERROR,
        "mqtt.password_file %DIR%/mqtt.pass must be at most 4096 bytes, but is 314572800", d -> checkConfig(d, "[mqtt]\nusername = \"u\"\npassword_file = \""
            + huge(d.resolve("mqtt.pass"), HUGE) + "\"\n")));
    a.add(bad("a 300 MB CA file", ExitCodes.CONFIG_ERROR,
        "mqtt.ca_file " + "%DIR%/ca.pem must be at most 1048576 bytes, but is 314572800",
        d -> checkConfig(d, "[mqtt]\nurl = \"ssl://broker.example:8883\"\nca_file = \""
            + huge(d.resolve("ca.pem"), HUGE) + "\"\n")));
    return a.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInput_oneClearLineAndTheDocumentedExitCode(String what, int exit, String message, Setup setup) throws IOException {
    Cli.Run r = Cli.run(setup.args(dir));
    String expected = message.replace("%DIR%", dir.toString());
    assertEquals(exit, r.exit(), what + ": " + r.err());
    assertTrue(r.err().contains(expected), what + ": expected \"" + expected + "\" in: " + r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), what + ": stack trace: " + r.err());
    assertFalse(r.err().contains(KEY_HEX), what + ": the key must never be echoed");
  }

  /** Stray files named like segments once ended {@code run} with exit 1 and a stack trace, restarted for ever. */
  @Test
  void run_strayFilesNamedLikeSegmentsInTheOutbox_startsAndIgnoresThem() throws Exception {
    Path outbox = Files.createDirectories(dir.resolve("outbox"));
    for (String name : List.of("seg-x.log", "seg-")) {
      Files.writeString(outbox.resolve(name), "x");
    }
    Path capture = Path.of("src/test/resources/captures/anu2020-gaen-real-phone.pcap");
    try (FakeBroker broker = FakeBroker.plain(i -> FakeBroker.Behaviour.NORMAL)) {
      Path cfg = Files.writeString(dir.resolve("gateway.toml"), String.join("\n",
          "site = \"s\"", "gateway = \"g\"",
          "[radio]", "source = \"replay\"", "[radio.replay]", "file = \"" + capture.toAbsolutePath() + "\"",
          "[keys]", "root_key_file = \"" + rootKey(dir) + "\"",
          "[mqtt]", "url = \"" + broker.url() + "\"",
          "[outbox]", "dir = \"" + outbox + "\"", ""));
      Cli.Run r = Cli.run("run", "--config", cfg.toString());
      assertEquals(ExitCodes.OK, r.exit(), r.err());
      assertFalse(broker.acknowledged().isEmpty(), "the capture's batches were published");
    }
    assertTrue(Files.exists(outbox.resolve("seg-x.log")) && Files.exists(outbox.resolve("seg-")), "left alone");
  }

  @Test
  void checkConfig_plaintextAllowedForARemoteBroker_passesButSaysUnencrypted() throws Exception {
    Cli.Run r = Cli.run(checkConfig(dir, "[mqtt]\nurl = \"tcp://10.0.0.5:1883\"\nallow_plaintext = true\n"));
    assertEquals(ExitCodes.OK, r.exit(), r.err());
    assertTrue(r.out().contains("broker tcp://10.0.0.5:1883 UNENCRYPTED"), r.out());
  }
}
