package org.proximity.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.testing.MosquittoBroker;

/**
 * The technician's verification step (systemd/README.md, "Install from the package", step 4), taken
 * from the README as written, against a Mosquitto with TLS, passwords and an ACL like a real one.
 */
class VerificationStepIT {
  private static final Path README = Path.of(System.getProperty("docs.dir", "../docs")).resolveSibling("systemd")
      .resolve("README.md");
  private static final String HEALTH = "proximity/" + MosquittoBroker.SITE + "/" + MosquittoBroker.GATEWAY_USER + "/health";

  @TempDir Path dir;

  @Test
  void readmeMosquittoSub_withPortCaUserAndPassword_printsTheRetainedHealth() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).tls().passwords().start()) {
      String tls = "-h localhost -p " + broker.tlsPort() + " --cafile " + broker.pki().caFile();
      run("mosquitto_pub " + tls + " -u " + MosquittoBroker.GATEWAY_USER + " -P '" + broker.gatewayPassword()
          + "' -q 1 -r -t '" + HEALTH + "' -m '{\"schema\":\"proximity-gateway/health/1\"}'");

      String command = readmeCommand()
          .replace("<broker host>", "localhost")
          .replace("-p 8883", "-p " + broker.tlsPort())
          .replace("<ca.pem>", broker.pki().caFile().toString())
          .replace("<user>", MosquittoBroker.BACKEND_USER)
          .replace("<password>", broker.backendPassword())
          .replace("<site>", MosquittoBroker.SITE)
          .replace("<gateway>", MosquittoBroker.GATEWAY_USER);
      assertTrue(!command.contains("<"), "every placeholder filled: " + command);
      assertEquals(HEALTH + " {\"schema\":\"proximity-gateway/health/1\"}\n", run(command));
    }
  }

  /** The mosquitto_sub line of step 4, its continuation joined. */
  private static String readmeCommand() throws Exception {
    Matcher m = Pattern.compile("\\nmosquitto_sub (.*) \\\\\\n\\s+(.*)\\n").matcher(Files.readString(README));
    assertTrue(m.find(), "systemd/README.md has the mosquitto_sub step");
    return "mosquitto_sub " + m.group(1) + " " + m.group(2);
  }

  private String run(String shellCommand) throws Exception {
    Process p = new ProcessBuilder(List.of("sh", "-c", shellCommand)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ended");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "exit status (" + MosquittoBroker.MISSING + "): " + out);
    return out;
  }
}
