package org.proximity.gateway.app;

import java.nio.file.Path;

/**
 * {@link RunWithMockedBluezClassPathIT} against the packaged jar ({@code java -jar}): TinyB failed from
 * the shaded jar alone, because shading dropped the {@code tinyb} package's Specification-Version
 * that TinyB compares with its native library's version (docs/radio.md).
 */
class RunWithMockedBluezIT extends RunWithMockedBluezClassPathIT {
  @Override
  ProcessBuilder launch(Path cfg, Path log, String... extra) {
    return ServiceProcess.runJar(cfg, log, extra);
  }
}
