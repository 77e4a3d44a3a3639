package org.proximity.backend.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Lists missing and duplicate sequence numbers per site, gateway and epoch, from the store. */
@Command(name = "gaps", description = "Report missing seq ranges and duplicates from the store.")
public final class GapsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("gaps: not built yet");
  }
}
