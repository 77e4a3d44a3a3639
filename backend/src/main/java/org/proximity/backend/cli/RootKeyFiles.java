package org.proximity.backend.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.proximity.common.cli.ExitCodes;
import org.proximity.common.config.ConfigException;
import org.proximity.common.config.SecretFiles;
import org.proximity.contract.rollingid.SiteRootKey;

/**
 * Site root key files: 64 hex characters on the first line, readable by their owner only (the
 * gateway's rule, {@link SecretFiles}). Any problem ends the command with exit 78 naming the file
 * and the rule, never the key.
 */
final class RootKeyFiles {
  private static final Pattern SITE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String SUFFIX = ".key";

  private RootKeyFiles() {}

  static SiteRootKey read(String option, Path file) {
    try {
      SecretFiles.requireOwnerOnly(option, file);
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      String first = text.lines().findFirst().orElse("");
      return SiteRootKey.parseHex(first); // its message never echoes the key
    } catch (ConfigException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, option + " " + file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, option + " " + file + " cannot be read: "
          + e.getClass().getSimpleName());
    }
  }

  /** Every {@code <site>.key} of the directory; other files are ignored. */
  static Map<String, SiteRootKey> readDirectory(Path dir) {
    Map<String, SiteRootKey> bySite = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String site = name.substring(0, name.length() - SUFFIX.length());
        if (!SITE.matcher(site).matches()) {
          throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, "--root-keys " + f
              + ": the site name before .key must be 1-64 characters from A-Z a-z 0-9 . _ -, was \"" + site + "\"");
        }
        bySite.put(site, read("--root-keys", f));
      }
    } catch (NoSuchFileException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, "--root-keys " + dir + " does not exist");
    } catch (IOException e) {
      throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, "--root-keys " + dir
          + " must be a readable directory of <site>.key files: " + e.getClass().getSimpleName());
    }
    if (bySite.isEmpty()) {
      throw new ExitCodes.CommandFailure(ExitCodes.CONFIG_ERROR, "--root-keys " + dir + " holds no <site>.key file");
    }
    return bySite;
  }
}
