package org.proximity.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long ago this process started. On Linux from /proc: the process's start in clock ticks
 * since boot (proc(5), /proc/self/stat field 22; 100 ticks a second) against /proc/uptime, both on
 * the kernel's since-boot clock, so the exec and the JVM's own start are included, to 10 ms. The
 * JDK's {@code ProcessHandle.Info.startInstant} converts through the boot time in whole seconds,
 * an error of up to a second; the JVM's uptime starts after the JVM has begun. That is the
 * fallback elsewhere.
 */
final class ProcessAge {
  private static final long MILLIS_PER_TICK = 10;

  private ProcessAge() {}

  static long millis() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // the fields after the command name, which stands in parentheses and may hold spaces; the first is field 3
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long startTicks = Long.parseLong(fields[22 - 3]);
      String uptime = Files.readString(Path.of("/proc/uptime"));
      long uptimeMillis = Math.round(Double.parseDouble(uptime.substring(0, uptime.indexOf(' '))) * 1000);
      return uptimeMillis - startTicks * MILLIS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return ManagementFactory.getRuntimeMXBean().getUptime();
    }
  }
}
