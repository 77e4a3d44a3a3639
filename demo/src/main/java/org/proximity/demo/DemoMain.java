package org.proximity.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.mqtt.PahoClients;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.app.Gateway;
import org.proximity.gateway.app.RatchetingKeys;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.cli.DurationConverter;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.MemoryOutbox;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.publish.paho.PahoSubscriber;
import org.proximity.gateway.radio.simulator.ScaledClock;
import org.proximity.gateway.radio.simulator.SimulatedAdvertisementSource;
import org.proximity.gateway.radio.simulator.SimulationConfig;
import org.proximity.gateway.radio.simulator.StationSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Zero-setup demo of the whole chain: an embedded broker on a free loopback port, a simulated bus
 * station at high speed, the real gateway pipeline with a made-up root key, a subscriber that prints
 * each batch as one JSON line on stdout, and the backend's collector storing them into a temporary
 * SQLite file. At the end a few simulated phones "test positive": their keys are published (a GAEN
 * export signed with a throwaway key, a Bluezone message) and matched by the backend's match
 * command; the exposures follow the batches on stdout, and a one-line verdict goes to stderr.
 */
@Command(
    name = "proximity-demo",
    mixinStandardHelpOptions = true,
    description = "Run a simulated station through the gateway, an embedded MQTT broker and the backend's collector, "
        + "then match the keys of a few phones that test positive.")
public final class DemoMain implements Callable<Integer> {
  @Option(names = "--phones", defaultValue = "200", description = "Tracing-app phones present at a time (default: ${DEFAULT-VALUE}).")
  int phones;
  @Option(names = "--background", defaultValue = "100", description = "Other Bluetooth devices nearby (default: ${DEFAULT-VALUE}).")
  int background;
  @Option(names = "--speed", defaultValue = "120", description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}).")
  double speed;
  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--minutes", defaultValue = "30", description = "Bucket width in minutes (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long to run, in real time (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--positives", defaultValue = "3",
      description = "Simulated phones that test positive at the end; their keys are published and matched (default: ${DEFAULT-VALUE}).")
  int positives;

  public static void main(String[] args) {
    PahoClients.logThroughSlf4j();
    System.exit(run(args));
  }

  /** Runs the demo and returns its exit code; usage errors give 2. */
  public static int run(String... args) {
    quietLibraryLogs();
    CommandLine cmd = new CommandLine(new DemoMain());
    cmd.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
    return cmd.execute(args);
  }

  /** Moquette and Netty log every packet at INFO; a user's -D flag still wins. */
  private static void quietLibraryLogs() {
    for (String lib : new String[] {"io.moquette", "io.netty"}) {
      String key = "org.slf4j.simpleLogger.log." + lib;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    if (phones < 0 || background < 0 || positives < 0 || !(speed > 0) || duration.isNegative() || duration.isZero()) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE,
          "--phones, --background and --positives must be >= 0, --speed and --duration above 0");
    }
    BucketWidth width;
    try {
      width = new BucketWidth(minutes);
    } catch (IllegalArgumentException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE, "--minutes: " + e.getMessage());
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = System.err;
    AtomicLong received = new AtomicLong();
    TopicScheme topics = new TopicScheme("proximity", "demo-station", "demo-gateway");
    Path dir = Files.createTempDirectory("proximity-demo");
    try (EmbeddedBroker broker = startBroker(); Backend backend = new Backend(dir, broker.url())) {
      err.println("demo: embedded MQTT broker on " + broker.url() + ", collector storing into " + dir.resolve("store.db"));
      try (PahoSubscriber sub =
          new PahoSubscriber(broker.url(), "demo-backend", "proximity/+/+/encounters", (t, p) -> {
            synchronized (out) {
              out.println(new String(p, StandardCharsets.UTF_8));
            }
            received.incrementAndGet();
          })) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] root = new byte[SiteRootKey.LENGTH];
        new SecureRandom().nextBytes(root);
        DayKey today = SiteRootKey.of(root).dayKey(DayKey.epochDayOf(start));
        ScaledClock clock = ScaledClock.startingNow(start, speed);
        StationSimulator simulator =
            new StationSimulator(SimulationConfig.defaults(seed, start).withDevices(phones, background));
        Gateway.Settings settings =
            Gateway.Settings.builder(Gateway.Timing.SOURCE_TIME, topics)
                .buckets(width, EncounterAggregator.Limits.DEFAULT).closeGrace(Duration.ofSeconds(2)).queueSize(65_536).build();
        PahoMqttTransport transport =
            new PahoMqttTransport(
                new MqttSettings(broker.url(), topics.gateway(), null, null, null, 30, 10, 64));
        MemoryOutbox outbox = new MemoryOutbox();
        Gateway gateway =
            new Gateway(
                settings, new SimulatedAdvertisementSource(simulator, clock), clock, MonotonicClock.system(), new RatchetingKeys(today),
                outbox, outbox.sequence(), transport);
        err.printf("demo: %d phones, %d other devices, speed %.0fx, %d-minute buckets, for %s%n",
            phones, background, speed, minutes, duration);
        gateway.start();
        Thread.sleep(duration.toMillis()); // the demo's job is to run this long
        gateway.close();
        Instant end = clock.instant();
        long published = gateway.forwarder().published();
        awaitReceived(received, published, Duration.ofSeconds(10));
        boolean stored = backend.awaitStored(received.get(), Duration.ofSeconds(20));
        err.printf("demo: %d advertisements heard, %d dropped, %d messages published, %d received, %d stored%n",
            gateway.pipeline().received(), gateway.pipeline().dropped(), published, received.get(), backend.stored());
        Verdict verdict = matchPositives(backend, root, Positives.choose(simulator.phones(), positives, seed, start, end), out);
        err.println("demo: " + verdict.line());
        return received.get() >= published && stored && verdict.allFoundNoneFalse() ? ExitCodes.OK : ExitCodes.FAILURE;
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** The reported phones' keys, published as their health authority would, matched by the backend's match command. */
  private static Verdict matchPositives(Backend backend, byte[] root, Positives positives, PrintStream out)
      throws IOException {
    List<String> exposures = new ArrayList<>();
    if (positives.hasGaen()) {
      Path export = backend.write("export.zip", positives.gaenExport());
      Path pem = backend.write("export-key.pem", positives.gaenPublicKeyPem().getBytes(StandardCharsets.US_ASCII));
      exposures.addAll(backend.match(root, List.of("--gaen-export", export.toString(), "--gaen-public-key", pem.toString())));
    }
    if (positives.hasBluezone()) {
      Path message = backend.write("bluezone.json", positives.bluezoneMessage());
      exposures.addAll(backend.match(root, List.of("--bluezone", message.toString())));
    }
    exposures.forEach(out::println);
    return Verdict.of(positives, exposures);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private static EmbeddedBroker startBroker() {
    try {
      return EmbeddedBroker.start();
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot start the embedded broker: " + e.getMessage());
    }
  }

  private static void awaitReceived(AtomicLong received, long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20); // polling a counter fed by the subscriber's thread, bounded by the deadline
    }
  }
}
