package org.proximity.gateway.cli;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.ad.AdFault;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.app.CaptureReplayRun;
import org.proximity.gateway.app.PipelineStats;
import org.proximity.gateway.app.RatchetingKeys;
import org.proximity.gateway.app.Service;
import org.proximity.gateway.bucket.HashingKey;
import org.proximity.gateway.config.ConfigLoader;
import org.proximity.gateway.config.GatewayConfig;
import org.proximity.gateway.keys.KeyFiles;
import org.proximity.gateway.publish.JsonLinesBatchSink;
import org.proximity.gateway.publish.MemoryOutbox;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.replay.CaptureFault;
import org.proximity.gateway.radio.replay.CaptureFormat;
import org.proximity.gateway.radio.replay.ReplayAdvertisementSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replay FILE}: a capture through decode → hash → buckets, with the capture's timestamps as
 * time, batches as JSON lines (the MQTT payload, one line per message part); with {@code --config},
 * published over MQTT by the service itself ({@link Service} with the capture as its radio).
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      // one string per paragraph: picocli wraps each to the terminal
      "Replays a capture (btsnoop, pcap, pcapng) through decoding, hashing and time buckets, and writes"
          + " the batches as JSON lines, exactly the MQTT encounters payload; with --config gateway.toml,"
          + " publishes them with its MQTT settings instead. A summary goes to stderr.",
      "Exit 0 ok, 2 usage, 65 corrupt capture (after writing everything before the fault), 66 no such file,"
          + " 74 I/O error, 78 bad root key file."
    })
public final class ReplayCommand implements Callable<Integer> {
  /** Options that --config replaces with the configuration's own settings. */
  private static final List<String> JSON_LINES_ONLY =
      List.of("--out", "--root-key", "--ephemeral-key", "--site", "--gateway", "--minutes", "--max-records");

  @Parameters(index = "0", paramLabel = "FILE", description = "The capture file.")
  Path file;
  @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON lines here instead of stdout.")
  Path out;
  @Option(names = "--site", defaultValue = "replay", description = "Site name in the payload (default: ${DEFAULT-VALUE}).")
  String site;
  @Option(names = "--gateway", defaultValue = "replay", description = "Gateway name in the payload (default: ${DEFAULT-VALUE}).")
  String gateway;
  @Option(names = "--minutes", defaultValue = "30", description = "Bucket width in minutes, dividing 1440 (default: ${DEFAULT-VALUE}).")
  int minutes;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--format", paramLabel = "btsnoop|pcap|pcapng",
      description = "The capture format, when the file's extension does not say.")
  String format;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Publish the batches over MQTT with this gateway.toml's settings (site, gateway, keys, buckets, "
          + "mqtt, outbox), as the service does with radio.source = \"replay\", instead of writing JSON lines.")
  Path config;

  @Option(names = "--root-key", paramLabel = "FILE",
      description = "File holding the 32-byte site root key as 64 hex characters; day keys derive from it.")
  Path rootKey;

  @Option(names = "--ephemeral-key",
      description = "Hash under a random key instead (record ids can then never be matched).")
  boolean ephemeralKey;

  @Option(names = "--max-records", defaultValue = "500",
      description = "Records per message part, as the service's max_records_per_message (default: ${DEFAULT-VALUE}).")
  int maxRecords;

  @Override
  public Integer call() {
    if (config != null) {
      return publish();
    }
    PrintWriter err = spec.commandLine().getErr();
    BucketWidth width = bucketWidth();
    if (maxRecords < 1) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE, "--max-records must be at least 1, was " + maxRecords);
    }
    HashingKey.ForDay keys = RatchetingKeys.fromRoot(rootKey(err));
    CaptureFormat captureFormat = captureFormat();
    try (InputStream in = openCapture()) {
      Writer writer = outputWriter();
      JsonLinesBatchSink sink = new JsonLinesBatchSink(writer, site, gateway, new MemoryOutbox().sequence(), maxRecords);
      CaptureReplayRun run = new CaptureReplayRun(in, captureFormat, width, keys, sink);
      CaptureFault fault = null;
      try {
        run.run();
      } catch (CaptureFault f) {
        fault = f;
      } finally {
        finish(writer);
      }
      printSummary(err, run.summary(), sink.messages());
      if (fault != null) {
        throw new ExitCodes.CommandFailure(ExitCodes.DATA_ERROR, "corrupt capture " + file + ": " + fault.getMessage());
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "I/O error: " + e.getMessage());
    }
    return ExitCodes.OK;
  }

  /**
   * {@code --config}: the service itself (app.Service) on a copy of the configuration whose radio
   * is this capture, run to the end of the capture; the outbox is drained to the broker on close.
   */
  private int publish() {
    for (String o : JSON_LINES_ONLY) {
      if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
        throw new ExitCodes.CommandFailure(ExitCodes.USAGE, o + " cannot be combined with --config: "
            + "the configuration gives the site, gateway, keys, buckets and MQTT settings");
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    CaptureFormat captureFormat = captureFormat();
    try (InputStream probe = openCapture()) { // the usual message and exit status for a missing file
      probe.available();
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot read " + file + ": " + e.getMessage());
    }
    GatewayConfig loaded;
    try {
      loaded = ConfigLoader.load(config);
    } catch (ConfigException e) {
      throw RunCommand.configFailure(e);
    }
    GatewayConfig.Radio r = loaded.radio();
    GatewayConfig cfg = new GatewayConfig(loaded.site(), loaded.gateway(),
        new GatewayConfig.Radio(GatewayConfig.RadioSource.REPLAY, r.adapter(), r.queueSize(), r.simulator(),
            new GatewayConfig.Replay(file, captureFormat.wireName()), GatewayConfig.BluezoneIos.OFF),
        loaded.keys(), loaded.buckets(), loaded.clock(), loaded.mqtt(), loaded.outbox(), loaded.status());
    Service service;
    try {
      service = Service.build(cfg, Duration.ofSeconds(60));
    } catch (ConfigException e) {
      throw RunCommand.configFailure(e);
    } catch (IOException e) {
      throw RunCommand.stateFailure(e);
    }
    int status;
    try {
      service.start();
      status = service.awaitEnd();
    } catch (AdvertisementSource.SourceException e) {
      service.close();
      throw new ExitCodes.CommandFailure(ExitCodes.NO_INPUT, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      service.close();
      throw new ExitCodes.CommandFailure(ExitCodes.FAILURE, "interrupted");
    }
    service.close(); // closes open buckets as partial and drains the outbox to the broker
    ReplayAdvertisementSource source = (ReplayAdvertisementSource) service.source();
    PipelineStats st = service.gateway().pipeline().stats();
    printSummary(err, new CaptureReplayRun.Summary(source.frames(), st.processed(), st.advertisementsByKind(),
        st.malformedByReason(), source.skippedByReason(), st.batches()), service.gateway().outbox().lastSeq());
    if (status != ExitCodes.OK) {
      throw new ExitCodes.CommandFailure(ExitCodes.DATA_ERROR, source.fault().orElse("corrupt capture " + file));
    }
    return ExitCodes.OK;
  }

  private BucketWidth bucketWidth() {
    try {
      return new BucketWidth(minutes);
    } catch (IllegalArgumentException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE, "--minutes: " + e.getMessage());
    }
  }

  private SiteRootKey rootKey(PrintWriter err) {
    if (rootKey != null && ephemeralKey) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE, "give either --root-key FILE or --ephemeral-key, not both");
    }
    if (rootKey == null && !ephemeralKey) {
      throw new ExitCodes.CommandFailure(ExitCodes.USAGE, "a hashing key is needed: --root-key FILE "
          + "(the site root key as 64 hex characters) or --ephemeral-key (random; record ids unmatchable)");
    }
    if (ephemeralKey) {
      err.println("replay: warning: hashing under a random ephemeral key; these record ids can never be matched");
      byte[] k = new byte[SiteRootKey.LENGTH];
      new SecureRandom().nextBytes(k);
      return SiteRootKey.of(k);
    }
    if (!Files.exists(rootKey, LinkOption.NOFOLLOW_LINKS)) {
      throw new ExitCodes.CommandFailure(ExitCodes.NO_INPUT, "--root-key " + rootKey + ": no such file");
    }
    try {
      // the same checks as every secret file: owner-only, no symbolic link, bounded size
      return KeyFiles.readRootKey(rootKey); // its messages never echo the key
    } catch (KeyFiles.KeyFileException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, "--root-key: " + e.getMessage());
    }
  }

  private CaptureFormat captureFormat() {
    if (format != null) {
      return CaptureFormat.fromWireName(format).orElseThrow(() -> new ExitCodes.CommandFailure(
          ExitCodes.USAGE, "--format must be btsnoop, pcap or pcapng, was \"" + format + "\""));
    }
    return CaptureFormat.fromFileName(file.getFileName().toString())
        .or(() -> sniff())
        .orElseThrow(() -> new ExitCodes.CommandFailure(ExitCodes.USAGE,
            "cannot tell the format of " + file + " from its name or first bytes: give --format btsnoop|pcap|pcapng"));
  }

  private Optional<CaptureFormat> sniff() {
    byte[] head = new byte[8];
    try (InputStream in = openCapture()) {
      return CaptureFormat.sniff(head, in.readNBytes(head, 0, head.length));
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private InputStream openCapture() {
    try {
      return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.NO_INPUT, "cannot open " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.NO_INPUT, "cannot open " + file + ": permission denied");
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot open " + file + ": " + e.getMessage());
    }
  }

  private Writer outputWriter() throws IOException {
    if (out == null) {
      return new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
    }
    return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 16);
  }

  private void finish(Writer writer) throws IOException {
    if (out == null) {
      writer.flush();
      if (spec.commandLine().getOut().checkError()) {
        throw new IOException("cannot write stdout");
      }
    } else {
      writer.close();
    }
  }

  private void printSummary(PrintWriter err, CaptureReplayRun.Summary s, long messages) {
    err.println("replay: " + file);
    err.println("  frames: " + s.frames());
    err.println("  advertisements: " + s.advertisements());
    err.println("  by kind: " + join(s.byKind()));
    err.println("  malformed advertising data: " + join(s.malformedByReason()));
    err.println("  skipped frames and reports: " + join(s.skippedByReason()));
    err.println("  batches: " + s.batches() + " (" + messages + " messages)");
    err.flush();
  }

  private static String join(Map<?, Long> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringJoiner j = new StringJoiner(", ");
    counts.forEach((k, v) -> j.add(wireName(k) + "=" + v));
    return j.toString();
  }

  private static String wireName(Object k) {
    if (k instanceof DeviceKind d) {
      return d.wireName();
    }
    if (k instanceof AdFault.Reason r) {
      return r.wireName();
    }
    return k.toString();
  }
}
