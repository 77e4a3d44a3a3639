package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.cli.ExitCodes;

/** What a technician sees when the config or a file it names is wrong: one clear message, exit 78. */
class RunCommandTest {
  @TempDir Path dir;

  private Path config(String body) throws Exception {
    return Files.writeString(dir.resolve("gateway.toml"), body);
  }

  private static void assertNoStackTrace(Cli.Run r) {
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
  }

  @Test
  void run_badValuesAndUnknownKey_exit78ListingEachWithKeyRuleAndValue() throws Exception {
    Path cfg = config("site = \"s\"\ngateway = \"g\"\n[buckets]\nminutes = 7\n[mqtt]\npasword_file = \"x\"\n");
    Cli.Run r = Cli.run("run", "--config", cfg.toString());
    assertEquals(ExitCodes.CONFIG_ERROR, r.exit());
    assertTrue(r.err().contains("2 problems in the configuration"), r.err());
    assertTrue(r.err().contains("buckets.minutes must divide 1440 (a UTC day) evenly, e.g. 10, 15, 30, 60, was 7"), r.err());
    assertTrue(r.err().contains("unknown key mqtt.pasword_file"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void run_missingConfigFile_exit78() {
    Cli.Run r = Cli.run("run", "--config", dir.resolve("nope.toml").toString());
    assertEquals(ExitCodes.CONFIG_ERROR, r.exit());
    assertTrue(r.err().contains("does not exist"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void run_dayKeyFileReadableByOthers_refusesToStartNamingFileAndRule() throws Exception {
    Path key = dir.resolve("day.key");
    String secret = "ab".repeat(32);
    Files.writeString(key, "2026-11-29 " + secret + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Path cfg = config("site = \"s\"\ngateway = \"g\"\n[radio]\nsource = \"simulator\"\n[keys]\nday_key_file = \"" + key
        + "\"\n[outbox]\ndir = \"" + dir.resolve("outbox") + "\"\n");
    Cli.Run r = Cli.run("run", "--config", cfg.toString());
    assertEquals(ExitCodes.CONFIG_ERROR, r.exit());
    assertTrue(r.err().contains(key + " must be readable by its owner only (chmod 600), but is rw-r--r--"), r.err());
    assertFalse(r.err().contains(secret), "the key never appears");
    assertNoStackTrace(r);
  }

  @Test
  void checkConfig_goodFiles_saysOkWithTheKeyIdNotTheKey() throws Exception {
    Path key = dir.resolve("day.key");
    String secret = "67a7a416a25d7f34c14600a890f5ae4ee3310988a807b3c22730ba1700028a46";
    Files.writeString(key, "2024-10-04 " + secret + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path cfg = config("site = \"s\"\ngateway = \"g\"\n[keys]\nday_key_file = \"" + key
        + "\"\n[outbox]\ndir = \"" + dir.resolve("outbox") + "\"\n");
    Cli.Run r = Cli.run("check-config", "--config", cfg.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("day key 2024-10-04, key id 5f560cb5"), r.out());
    assertFalse(r.out().contains(secret));
  }

  @Test
  void checkConfigAndSelftest_dayKeyDatedAfterToday_failNamingTheDatesAndTheFix() throws Exception {
    Path key = dir.resolve("day.key");
    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    Files.writeString(key, tomorrow + " " + "ab".repeat(32) + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path cfg = config("site = \"s\"\ngateway = \"g\"\n[radio]\nsource = \"simulator\"\n[keys]\nday_key_file = \"" + key
        + "\"\n[outbox]\ndir = \"" + dir.resolve("outbox") + "\"\n[mqtt]\nurl = \"tcp://127.0.0.1:1\"\n");
    Cli.Run r = Cli.run("check-config", "--config", cfg.toString());
    assertEquals(ExitCodes.CONFIG_ERROR, r.exit());
    assertTrue(r.err().contains("is dated " + tomorrow + ", after today"), r.err());
    assertTrue(r.err().contains("keys derive --date"), r.err());
    assertNoStackTrace(r);
    Cli.Run s = Cli.run("selftest", "--config", cfg.toString(), "--listen", "1s");
    assertEquals(ExitCodes.FAILURE, s.exit());
    assertTrue(s.out().contains("[FAIL] keys: day key file " + key + " is dated " + tomorrow), s.out());
  }

  @Test
  void checkConfig_shippedExampleUnedited_exit78SayingWhatToFillIn() {
    Cli.Run r = Cli.run("check-config", "--config", "src/main/dist/gateway.toml");
    assertEquals(ExitCodes.CONFIG_ERROR, r.exit());
    assertTrue(r.err().contains("2 problems in the configuration"), r.err());
    assertTrue(r.err().contains("site must be filled in with this place's id"), r.err());
    assertTrue(r.err().contains("gateway must be filled in with this gateway's id"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void run_unknownOption_isAUsageError() {
    assertEquals(ExitCodes.USAGE, Cli.run("run", "--confg", "x").exit());
  }
}
