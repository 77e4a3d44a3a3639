package org.proximity.gateway.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.testing.MosquittoBroker;

/**
 * {@code scan --live} against the simulator: as plain frames into a pipe (in-process, with a
 * Mosquitto that must receive nothing), and as a redrawn screen on a pseudo-terminal ({@code
 * script}), ended by Ctrl-C (SIGINT) with status 0. No ID or address ever appears.
 */
class ScanCommandIT {
  /** 24 or more hex digits in a row (a 12-byte Bluezone ID, a 16-byte RPI) or a MAC address. */
  private static final Pattern RAW = Pattern.compile("[0-9a-fA-F]{24,}|([0-9A-Fa-f]{2}[:_-]){5}[0-9A-Fa-f]{2}");
  /** ANSI cursor home and clear screen, written out here rather than taken from the code under test. */
  private static final String CLEAR = "\033[H\033[2J";
  private static final Pattern GAEN_RATE = Pattern.compile("gaen (\\d+\\.\\d)");
  private static final String SIGINT_DEFAULT =
      "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])";

  @TempDir Path dir;

  private Path config(String mqttUrl) throws IOException {
    Path cfg = dir.resolve("gateway.toml");
    Files.writeString(cfg, String.join("\n",
        "site = \"" + MosquittoBroker.SITE + "\"",
        "gateway = \"bay-03\"",
        "[radio]",
        "source = \"simulator\"",
        "[radio.simulator]",
        "phones = 200",
        "seed = 7",
        "[mqtt]",
        "url = \"" + mqttUrl + "\"",
        "[outbox]",
        "dir = \"" + dir.resolve("outbox") + "\"",
        ""));
    return cfg;
  }

  @Test
  void scanLive_notATerminal_printsPlainFrames_publishesNothing_showsNoIdOrAddress() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).start()) {
      ConcurrentLinkedQueue<String> published = new ConcurrentLinkedQueue<>();
      MqttClient sub = broker.subscribe("backend", "#", (topic, payload) -> published.add(topic));
      Cli.Run run = Cli.run("scan", "--config", config(broker.url()).toString(), "--live", "--for", "4s");
      sub.disconnect();
      sub.close();

      assertEquals(0, run.exit(), run.err());
      assertEquals(List.of(), List.copyOf(published), "scan publishes nothing");
      assertFalse(run.out().contains("\033["), "no terminal control codes into a pipe");
      long frames = run.out().lines().filter(l -> l.startsWith("scan ")).count();
      assertTrue(frames >= 3, "a frame a second: " + run.out());
      String last = run.out().substring(run.out().lastIndexOf("scan "));
      Matcher gaen = GAEN_RATE.matcher(last);
      assertTrue(gaen.find() && Double.parseDouble(gaen.group(1)) > 0, "GAEN adverts per second: " + last);
      assertTrue(last.contains("RSSI dBm") && Pattern.compile("(?m)^gaen +#+ ").matcher(last).find(),
          "a GAEN RSSI histogram with bars: " + last);
      assertTrue(Pattern.compile("rolling IDs gaen [1-9]\\d*  bluezone [1-9]").matcher(last).find(), last);
      assertTrue(Pattern.compile("strongest    gaen -\\d+ dBm").matcher(last).find(), last);
      Matcher raw = RAW.matcher(run.out());
      assertFalse(raw.find(), () -> "an ID or address was shown: " + raw.group());
    }
  }

  @Test
  void scanLive_onATerminal_redrawsTheScreen_andCtrlCExitsZero() throws Exception {
    Path cfg = config("tcp://127.0.0.1:1");
    Path typescript = dir.resolve("typescript");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A build started in the background inherits SIGINT ignored, and a JVM then keeps it ignored
    // (scan's handler is never called): the launcher sets SIGINT back to its default before it execs the JVM.
    String command = String.join(" ", "python3", "-c", "'" + SIGINT_DEFAULT + "'", java, "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), "org.proximity.gateway.cli.Main", "scan", "--config", cfg.toString(), "--live");
    // script gives the command a pseudo-terminal as stdin and stdout; -e returns its exit status
    Process script = new ProcessBuilder("script", "-qfec", command, typescript.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("script.out").toFile()).start();
    try {
      await("two redrawn frames").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> count(Files.readString(typescript), CLEAR) >= 2 || !script.isAlive());
      ProcessHandle jvm = script.toHandle().descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)).findFirst().orElseThrow();
      new ProcessBuilder("kill", "-INT", Long.toString(jvm.pid())).start().waitFor();
      boolean ended = script.waitFor(30, TimeUnit.SECONDS);
      assertTrue(ended, () -> "scan ended after Ctrl-C; its threads:\n" + threadDump(jvm.pid()));
      assertEquals(0, script.exitValue(), Files.readString(typescript));
    } finally {
      script.destroyForcibly();
    }
    String screen = Files.readString(typescript);
    assertTrue(screen.contains("adverts/s") && screen.contains("RSSI dBm"), screen);
    Matcher raw = RAW.matcher(screen);
    assertFalse(raw.find(), () -> "an ID or address was shown: " + raw.group());
  }

  /** What a JVM that did not end is doing, for the failure message (it failed once in a loaded full run). */
  private static String threadDump(long pid) {
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
      String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(30, TimeUnit.SECONDS);
      return dump;
    } catch (IOException | InterruptedException e) {
      return "(no thread dump: " + e + ")";
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
