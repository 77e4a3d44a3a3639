package org.proximity.gateway.radio.tinyb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.proximity.gateway.radio.AdvertisementSource.SourceException;

/**
 * Loads the TinyB natives that {@code bluetooth-manager-tinyb} embeds ({@code native/...}):
 * 32-bit ARM, x86 and x86-64 only, no aarch64 (docs/platform-notes.md#tinyb). They are copied to a private
 * temporary directory and loaded by absolute path; they need only glib, gio and gobject.
 */
final class TinybNatives {
  static final String BLUEZ_HINT = "use source = \"bluez\" (pure Java, any CPU) instead";
  private static boolean loaded;

  private TinybNatives() {}

  static synchronized void load() throws SourceException {
    if (loaded) {
      return;
    }
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String dir = arch.equals("amd64") || arch.equals("x86_64") ? "native/linux/x86_64"
        : arch.equals("x86") || arch.equals("i386") || arch.equals("i686") ? "native/linux/x86_32"
        : arch.startsWith("arm") ? "native/arm/armv6" : null;
    if (dir == null) {
      throw SourceException.needsConfigChange("tinyb: no TinyB native library for CPU '" + arch
          + "' (it ships 32-bit ARM, x86 and x86-64 only); " + BLUEZ_HINT);
    }
    try {
      Path tmp = Files.createTempDirectory("tinyb-natives");
      tmp.toFile().deleteOnExit();
      for (String lib : new String[] {"libtinyb.so", "libjavatinyb.so"}) {
        Path target = tmp.resolve(lib);
        try (InputStream in = TinybNatives.class.getClassLoader().getResourceAsStream(dir + "/" + lib)) {
          if (in == null) {
            throw SourceException.needsConfigChange("tinyb: " + dir + "/" + lib + " is not on the class path; " + BLUEZ_HINT);
          }
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
        System.load(target.toString());
      }
      loaded = true;
    } catch (IOException e) {
      throw SourceException.needsConfigChange("tinyb: cannot unpack the native library: " + e.getMessage() + "; " + BLUEZ_HINT, e);
    } catch (UnsatisfiedLinkError e) {
      throw SourceException.needsConfigChange("tinyb: the native library does not load here (" + e.getMessage() + "); "
          + BLUEZ_HINT, null);
    }
  }
}
