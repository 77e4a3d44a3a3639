package org.proximity.backend.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Subscribes to the gateways' topics and stores every batch exactly once (docs/backend.md). */
@Command(name = "collect", description = "Collect gateway batches from MQTT into the store.")
public final class CollectCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("collect: not built yet");
  }
}
