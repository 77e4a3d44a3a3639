package org.proximity.gateway.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.proximity.common.cli.ExitCodes;
import org.proximity.gateway.ad.AdvertisementScanner;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.ad.ScanResult;
import org.proximity.gateway.files.OwnerOnly;
import org.proximity.gateway.radio.Advertisement;
import org.proximity.gateway.radio.hci.HciAdvertisingReport;
import org.proximity.gateway.radio.replay.PcapWriter;
import org.proximity.gateway.radio.simulator.PhoneKind;
import org.proximity.gateway.radio.simulator.SimulatedPhone;
import org.proximity.gateway.radio.simulator.SimulationConfig;
import org.proximity.gateway.radio.simulator.StationSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulate}: the station simulator's advertisement stream as a pcap (link type 201, HCI LE
 * Advertising Report events, the simulated times as timestamps) that {@code replay} reads, and its
 * ground truth as JSON (docs/simulate.md). The truth holds keys: it goes to {@code --truth} only,
 * created owner-only readable where the file system allows; stderr gets counts, never a key, ID or
 * address.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      // one string per paragraph: picocli wraps each to the terminal
      "Simulates a bus station and writes what a gateway would hear as a pcap (link type 201, readable by"
          + " replay) and the ground truth (each phone's protocol, presence and keys) as JSON; see docs/simulate.md.",
      "Exit 0 ok, 2 usage, 74 I/O error."
    })
public final class SimulateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--seed", defaultValue = "1", description = "Seed; the outputs are a function of the options (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--phones", defaultValue = "20", description = "Tracing-app phones present at a time, on average (default: ${DEFAULT-VALUE}).")
  int phones;

  @Option(names = "--background", defaultValue = "30", description = "Devices without a tracing app, present all the time (default: ${DEFAULT-VALUE}).")
  int background;

  @Option(names = "--minutes", defaultValue = "60", description = "Simulated minutes (default: ${DEFAULT-VALUE}).")
  long minutes;

  @Option(names = "--start", defaultValue = "2024-10-04T10:00:00Z",
      description = "Simulated start time, ISO-8601 UTC (default: ${DEFAULT-VALUE}).")
  String start;

  @Option(names = "--loss", defaultValue = "0.2", description = "Share of advertisements the gateway misses, in [0, 1) (default: ${DEFAULT-VALUE}).")
  double loss;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The pcap to write.")
  Path out;

  @Option(names = "--truth", required = true, paramLabel = "FILE", description = "The ground-truth JSON to write (holds keys).")
  Path truth;

  @Override
  public Integer call() {
    SimulationConfig config = config();
    StationSimulator simulator = new StationSimulator(config);
    long advertisements;
    try {
      advertisements = writeCapture(simulator);
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot write " + out + ": " + e.getMessage());
    }
    List<SimulatedPhone> phoneTruth = simulator.phones();
    try (OutputStream t = new BufferedOutputStream(openOwnerOnly(truth))) {
      SimulationTruthJson.write(t, config, background, phoneTruth);
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot write " + truth + ": " + e.getMessage());
    }
    printSummary(config, advertisements, phoneTruth);
    return ExitCodes.OK;
  }

  private SimulationConfig config() {
    Instant from;
    try {
      from = Instant.parse(start);
    } catch (DateTimeParseException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE,
          "--start must be an ISO-8601 UTC instant such as 2024-10-04T10:00:00Z, was \"" + start + "\"");
    }
    if (minutes < 1 || minutes > 14 * 24 * 60) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE, "--minutes must be between 1 and 20160, was " + minutes);
    }
    try {
      return SimulationConfig.defaults(seed, from)
          .withDevices(phones, background)
          .withLossRate(loss)
          .withEnd(from.plusSeconds(60 * minutes));
    } catch (IllegalArgumentException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE, e.getMessage());
    }
  }

  /** One event per advertisement; GAEN non-connectable (docs/gaen.md#advertisement-layout), the rest ADV_IND. */
  private long writeCapture(StationSimulator simulator) throws IOException {
    AdvertisementScanner scanner = new AdvertisementScanner();
    ScanResult scan = new ScanResult();
    try (PcapWriter pcap = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16))) {
      Optional<Advertisement> next;
      while ((next = simulator.next()).isPresent()) {
        Advertisement a = next.get();
        int eventType = scanner.scan(a.dataUnsafe(), scan).kind() == DeviceKind.GAEN
            ? HciAdvertisingReport.ADV_NONCONN_IND
            : HciAdvertisingReport.ADV_IND;
        pcap.writeReport(a.receivedAt(),
            HciAdvertisingReport.legacy(eventType, a.addressType(), a.address(), a.rssi(), a.dataUnsafe()));
      }
      return pcap.frames();
    }
  }

  private static OutputStream openOwnerOnly(Path file) throws IOException {
    Files.deleteIfExists(file); // a new file, so that the owner-only mode applies
    Files.createFile(file, OwnerOnly.file());
    return Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private void printSummary(SimulationConfig config, long advertisements, List<SimulatedPhone> phoneTruth) {
    Map<PhoneKind, Integer> byKind = new EnumMap<>(PhoneKind.class);
    phoneTruth.forEach(p -> byKind.merge(p.kind(), 1, Integer::sum));
    StringJoiner kinds = new StringJoiner(", ");
    byKind.forEach((k, n) -> kinds.add(SimulationTruthJson.protocol(k) + "=" + n));
    PrintWriter err = spec.commandLine().getErr();
    err.println("simulate: " + config.start() + " to " + config.end() + ", seed " + config.seed());
    err.println("  phones: " + phoneTruth.size() + (phoneTruth.isEmpty() ? "" : " (" + kinds + ")")
        + ", background devices: " + background);
    err.println("  advertisements: " + advertisements + " -> " + out);
    err.println("  ground truth (keys; keep it private) -> " + truth);
    err.flush();
  }
}
