package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DecodeCommandTest {

  /** Real GAEN advert (ANU 2020, see src/test/resources/ad/README.md). */
  private static final String GAEN =
      "03036ffd17166ffd12ec68a558f69b3e332d303c222d6574f666f99a";
  private static final String GAEN_JSON = "{\"ad\":[{\"offset\":0,\"type\":3,\"data\":\"6ffd\"},"
      + "{\"offset\":4,\"type\":22,\"data\":\"6ffd12ec68a558f69b3e332d303c222d6574f666f99a\"}],"
      + "\"kind\":\"gaen\",\"id\":\"12ec68a558f69b3e332d303c222d6574\",\"error\":null}";
  private static final String NOT_HEX_JSON =
      "{\"ad\":[],\"kind\":null,\"id\":null,\"error\":{\"offset\":0,\"reason\":\"not_hex\"}}";

  record Run(int exitCode, String out) {}

  /**
   * The default output is exactly the contract, byte for byte; the optional {@code "fields"}
   * ({@code --fields}) are tested in {@link DecodeFieldsTest}.
   */
  private static Run decode(String stdin, String... args) {
    return decodeFull(stdin, args);
  }

  static Run decodeFull(String stdin, String... args) {
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    StringWriter out = new StringWriter();
    CommandLine cmd = new CommandLine(new DecodeCommand(in));
    cmd.setOut(new PrintWriter(out));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString());
  }

  @Test
  void decode_gaenPayload_printsExactJson() {
    assertEquals(new Run(0, GAEN_JSON + "\n"), decode(GAEN + "\n"));
  }

  @Test
  void decode_prefixWhitespaceUpperCaseAndCrlf_sameJson() {
    String line = "  0X" + GAEN.substring(0, 8).toUpperCase() + " \t" + GAEN.substring(8) + "\r\n";
    assertEquals(new Run(0, GAEN_JSON + "\n"), decode(line));
  }

  @Test
  void decode_malformedPayload_printsStructuresBeforeFaultAndError() {
    assertEquals(new Run(0, "{\"ad\":[{\"offset\":0,\"type\":1,\"data\":\"06\"}],\"kind\":\"other\","
            + "\"id\":null,\"error\":{\"offset\":3,\"reason\":\"length_past_end\"}}\n"),
        decode("020106 05ff4c00\n"));
  }

  @Test
  void decode_notHexLinesBetweenValidOnes_reportsAndContinues() {
    Run run = decode("zz\n" + GAEN + "\nabc\n" + GAEN + "\n");
    assertEquals(new Run(0, String.join("\n", NOT_HEX_JSON, GAEN_JSON, NOT_HEX_JSON, GAEN_JSON)
        + "\n"), run);
  }

  @Test
  void decode_blankLinesAndEmptyInput_printNothing() {
    assertEquals(new Run(0, ""), decode("\n  \n\t\n"));
    assertEquals(new Run(0, ""), decode(""));
  }

  @Test
  void decode_bluezonePayload_printsTwelveByteId() {
    Run run = decode("0303564e0fffb522" + "0102030405060708090a0b0c\n");
    assertTrue(run.out().endsWith(
        "\"kind\":\"bluezone\",\"id\":\"0102030405060708090a0b0c\",\"error\":null}\n"), run.out());
  }

  @Test
  void decode_overLegacyLimit_tooLongUnlessExtended() {
    String payload = GAEN + "06ffff03414243"; // 35 bytes, well formed
    assertTrue(decode(payload).out().endsWith(
        "\"error\":{\"offset\":31,\"reason\":\"too_long\"}}\n"));
    assertTrue(decode(payload, "--extended").out().endsWith("\"error\":null}\n"));
  }

  @Test
  void decode_moreLinesThanFlushInterval_printsEveryLine() {
    String out = decode((GAEN + "\n").repeat(DecodeCommand.FLUSH_EVERY * 2 + 1)).out();
    assertEquals((GAEN_JSON + "\n").repeat(DecodeCommand.FLUSH_EVERY * 2 + 1), out);
  }

  @Test
  void mainRun_decodeRegistered_readsStdinWritesStdout() {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream((GAEN + "\n").getBytes(StandardCharsets.US_ASCII)));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(0, Main.run("decode"));
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
    }
    assertEquals(GAEN_JSON + "\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void mainRun_decodeHelp_exitsZero() {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(0, Main.run("decode", "--help"));
    } finally {
      System.setOut(oldOut);
    }
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--extended"));
  }
}
