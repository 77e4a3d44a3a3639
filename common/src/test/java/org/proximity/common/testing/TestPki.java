package org.proximity.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates and keys for tests, made by the {@code openssl} CLI in a directory: a test CA, a
 * server certificate signed by it, a client certificate (CN {@value MosquittoBroker#GATEWAY_USER})
 * and an unrelated second CA. Keys are unencrypted PKCS#8 PEM, mode 0600.
 */
public final class TestPki {
  /** The names a server certificate made with {@link #create(Path)} is valid for. */
  public static final String LOCALHOST_SAN = "DNS:localhost,IP:127.0.0.1";

  private final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  /** A PKI whose server certificate names {@link #LOCALHOST_SAN}. */
  public static TestPki create(Path dir) {
    return create(dir, LOCALHOST_SAN);
  }

  /** A PKI whose server certificate names {@code serverSan} (openssl subjectAltName syntax). */
  public static TestPki create(Path dir, String serverSan) {
    try {
      Files.createDirectories(dir);
      TestPki pki = new TestPki(dir);
      pki.ca("ca", "Proximity Test CA");
      pki.ca("other-ca", "Unrelated Test CA");
      pki.leaf("server", "ec", "localhost", "subjectAltName=" + serverSan + "\nextendedKeyUsage=serverAuth\n");
      pki.leaf("client", "rsa", MosquittoBroker.GATEWAY_USER, "extendedKeyUsage=clientAuth\n");
      return pki;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write test certificates in " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  public Path otherCaFile() {
    return dir.resolve("other-ca.pem");
  }

  public Path serverCertFile() {
    return dir.resolve("server.pem");
  }

  public Path serverKeyFile() {
    return dir.resolve("server.key");
  }

  public Path clientCertFile() {
    return dir.resolve("client.pem");
  }

  public Path clientKeyFile() {
    return dir.resolve("client.key");
  }

  private void ca(String name, String cn) throws IOException {
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", name + ".key", "-out", name + ".pem", "-days", "3", "-subj", "/CN=" + cn,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    ownerOnly(dir.resolve(name + ".key"));
  }

  private void leaf(String name, String keyType, String cn, String extensions) throws IOException {
    Files.writeString(dir.resolve(name + ".ext"), "basicConstraints=CA:FALSE\n" + extensions);
    List<String> newKey = keyType.equals("rsa")
        ? List.of("-newkey", "rsa:2048")
        : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
    List<String> req = new ArrayList<>(List.of("req", "-new"));
    req.addAll(newKey);
    req.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn));
    openssl(dir, req.toArray(String[]::new));
    openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-CAserial", "ca.srl", "-days", "3", "-out", name + ".pem", "-extfile", name + ".ext");
    ownerOnly(dir.resolve(name + ".key"));
  }

  static void ownerOnly(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  /** Runs {@code openssl args...} in {@code dir}; fails with openssl's output if it fails. */
  public static void openssl(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    run(dir, cmd, String.join(" ", cmd), "apt-get install openssl; .ci/run does this");
  }

  /**
   * Runs a command; on failure throws with {@code label} (never the command line when it holds a
   * password) and the command's output, or with {@code installHint} when the program is missing.
   */
  static void run(Path dir, List<String> cmd, String label, String installHint) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(label + " failed:\n" + new String(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd.get(0) + " (" + installHint + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
    }
  }
}
