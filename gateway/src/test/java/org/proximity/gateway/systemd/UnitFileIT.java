package org.proximity.gateway.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped unit under systemd's own checks: {@code systemd-analyze verify} says nothing, and
 * {@code systemd-analyze security} rates the exposure 2.0 or better (package systemd; .ci/run
 * installs it). Both run offline, on the file, so no systemd needs to be running.
 */
class UnitFileIT {
  private static final Path UNIT = UnitFileTest.UNIT;

  record Out(int exit, String text) {}

  static Out run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), List.of(cmd) + " did not end");
    return new Out(p.exitValue(), text);
  }

  @Test
  void systemdAnalyzeVerify_saysNothing() throws Exception {
    Out out = run("systemd-analyze", "verify", UNIT.toString());
    assertEquals(0, out.exit(), out.text());
    assertEquals("", out.text().strip(), "warnings from systemd-analyze verify");
  }

  @Test
  void systemdAnalyzeSecurity_exposureAtMost2() throws Exception {
    Out out = run("systemd-analyze", "security", "--offline=true", "--no-pager", UNIT.toString());
    Matcher m = Pattern.compile("Overall exposure level for proximity-gateway.service: (\\d+\\.\\d)").matcher(out.text());
    assertTrue(m.find(), out.text());
    double exposure = Double.parseDouble(m.group(1));
    assertTrue(exposure <= 2.0, "exposure " + exposure + " > 2.0:\n" + out.text());
  }
}
