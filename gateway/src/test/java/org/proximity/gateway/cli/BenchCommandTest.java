package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.proximity.common.testing.MosquittoBroker;

/** Usage errors of {@code bench}: one line naming the option, the rule and the value, exit 2. */
class BenchCommandTest {

  @Test
  void noBroker_exit2SayingTheGatewayCarriesNone() {
    Cli.Run r = Cli.run("bench", "--phones", "10");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("--broker"), r.err());
    Cli.Run help = Cli.run("bench", "--help");
    assertTrue(help.out().contains("carries no broker"), help.out());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--broker|127.0.0.1:1883|--broker must be tcp://HOST:PORT or ssl://HOST:PORT, was \"127.0.0.1:1883\"",
      "--sim-minutes|0|--sim-minutes must be at least 1, was 0",
      "--max-ids|10000001|--max-ids must be at most 10000000 (as buckets.max_ids), was 10000001",
      "--chunk|44739243|--chunk must be at most 44739242 (48 bytes each, in one array), was 44739243",
      "--start|yesterday|--start must be an instant such as 2026-12-03T07:00:00Z, was \"yesterday\"",
      "--soak|--phones=5|--soak needs --broker-restart COMMAND"})
  void badOption_exit2WithOneLine(String option, String value, String message) {
    String[] args = option.equals("--broker")
        ? new String[] {"bench", option, value}
        : new String[] {"bench", "--broker", "tcp://127.0.0.1:1", option, value};
    Cli.Run r = Cli.run(args);
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void unreachableBroker_exit1NamingIt() {
    String url = "tcp://127.0.0.1:" + MosquittoBroker.freeLoopbackPort();
    Cli.Run r = Cli.run("bench", "--broker", url, "--phones", "5", "--background", "5", "--sim-minutes", "1");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("cannot use the broker at " + url), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }
}
