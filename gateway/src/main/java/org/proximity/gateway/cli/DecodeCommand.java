package org.proximity.gateway.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.proximity.common.cli.ExitCodes;
import org.proximity.gateway.ad.AdParseResult;
import org.proximity.gateway.ad.AdParser;
import org.proximity.gateway.ad.AdView;
import org.proximity.gateway.ad.AdvertisementDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code decode}: hex advertising data on stdin, one JSON line each on stdout (docs/decode.md). */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      // one string per paragraph: picocli wraps each to the terminal
      "Reads one hex advertising payload per line on stdin and prints one JSON line per payload with the AD"
          + " structures, the device kind, the rolling ID and the first fault (with --fields also a typed view)."
          + " Blank lines are skipped; whitespace and a 0x prefix are allowed. The line format: docs/decode.md."
    })
public final class DecodeCommand implements Callable<Integer> {

  /** Lines between flushes: streams a large input without a flush per line. */
  static final int FLUSH_EVERY = 1000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--extended", description = "Allow extended advertising data (up to 1650 bytes, not 31).")
  boolean extended;

  @Option(names = "--fields", description = "Add a typed view of the AD structures (\"fields\", docs/decode.md).")
  boolean fields;

  private final InputStream in;

  public DecodeCommand() {
    this(System.in);
  }

  /** For tests: read from {@code in}; output goes to the command line's {@code getOut()}. */
  DecodeCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    AdvertisementDecoder decoder = new AdvertisementDecoder();
    AdView view = new AdView();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      Writer writer = new BufferedWriter(out, 1 << 16);
      int sinceFlush = 0;
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        byte[] data = DecodeJson.parseHex(DecodeJson.stripHex(line));
        if (data == null) {
          writer.write(fields ? DecodeJson.NOT_HEX_LINE_WITH_FIELDS : DecodeJson.NOT_HEX_LINE);
        } else {
          AdParseResult parsed = extended ? AdParser.parseExtended(data) : AdParser.parse(data);
          AdView typed = !fields ? null : extended ? view.wrapExtended(data) : view.wrap(data);
          writer.write(DecodeJson.line(parsed, decoder.decode(parsed), typed));
        }
        writer.write('\n');
        if (++sinceFlush == FLUSH_EVERY) {
          writer.flush();
          sinceFlush = 0;
        }
      }
      writer.flush();
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot read stdin: " + e.getMessage());
    }
    if (out.checkError()) {
      throw new ExitCodes.CommandFailure(ExitCodes.IO_ERROR, "cannot write stdout");
    }
    return ExitCodes.OK;
  }
}
