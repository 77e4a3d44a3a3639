package org.proximity.common.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.proximity.common.config.ConfigException;

/**
 * Builds the {@link SSLSocketFactory} for {@code ssl://} broker URLs from PEM files, with the JDK
 * only.
 *
 * <ul>
 *   <li><b>Trust:</b> the certificates in {@code mqtt.ca_file} (one or more PEM certificates), or
 *       the JVM's default trust store when no CA file is given. There is no trust-all mode.
 *   <li><b>Client certificate</b> (optional): {@code mqtt.cert_file} (PEM chain, the client's
 *       certificate first) and {@code mqtt.key_file} (unencrypted PKCS#8 PEM, RSA or EC). The key
 *       must belong to the certificate. Other key formats are refused with the openssl command
 *       that converts them.
 *   <li><b>Protocols:</b> TLS 1.3 and 1.2 only, on every socket the factory creates.
 *   <li><b>Hostname:</b> every created socket has endpoint identification {@code HTTPS} set, so
 *       the JDK checks the broker's certificate against the host of the URL (DNS or IP subject
 *       alternative name) during the handshake, whatever the MQTT library does. Paho 1.2.5 keeps
 *       this setting when it adds SNI; {@code PahoMqttTransport} also turns on Paho's own check
 *       ({@code setHttpsHostnameVerificationEnabled(true)}). There is no way to turn either off.
 * </ul>
 * The permissions of the key file are checked by the caller ({@code SecretFiles}); this class
 * never puts file contents into messages.
 */
public final class TlsSocketFactories {
  public static final String CA_KEY = "mqtt.ca_file";
  public static final String CERT_KEY = "mqtt.cert_file";
  public static final String KEY_KEY = "mqtt.key_file";
  /** The protocols a created socket may use, best first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  /** A PEM file is a few kilobytes (a long chain a few tens); a larger one is refused unread. */
  static final int MAX_PEM_BYTES = 1 << 20;

  static final String CONVERT_HINT =
      "convert it to unencrypted PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem"
          + " (then chmod 600 key.pk8.pem)";

  private TlsSocketFactories() {}

  /**
   * A socket factory trusting {@code caFile} (null: the JVM's trust store), presenting the client
   * certificate when both {@code certFile} and {@code keyFile} are given.
   */
  public static SSLSocketFactory create(Path caFile, Path certFile, Path keyFile) throws ConfigException {
    if ((certFile == null) != (keyFile == null)) {
      throw new ConfigException(CERT_KEY + " and " + KEY_KEY + " must be given together");
    }
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caFile == null) {
        tmf.init((KeyStore) null);
      } else {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        X509Certificate[] cas = readCertificates(CA_KEY, caFile);
        for (int i = 0; i < cas.length; i++) {
          trust.setCertificateEntry("ca-" + i, cas[i]);
        }
        tmf.init(trust);
      }
      KeyManager[] keyManagers = null;
      if (certFile != null) {
        X509Certificate[] chain = readCertificates(CERT_KEY, certFile);
        PrivateKey key = readPrivateKey(KEY_KEY, keyFile);
        requireMatch(chain[0], key, keyFile);
        char[] none = new char[0];
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, none, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, none);
        keyManagers = kmf.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
      return new Hardened(context.getSocketFactory());
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException("cannot set up TLS for the MQTT connection: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /** All certificates in a PEM file, in file order; at least one. */
  static X509Certificate[] readCertificates(String key, Path file) throws ConfigException {
    String where = key + " " + file;
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Pem.Block b : Pem.parse(readText(key, file))) {
        if (!b.type().equals("CERTIFICATE")) {
          continue;
        }
        if (b.der() == null) {
          throw new ConfigException(where + " has a CERTIFICATE block that is not valid base64");
        }
        certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
      }
    } catch (CertificateException e) {
      throw new ConfigException(where + " has a certificate that cannot be parsed: " + e.getMessage());
    }
    if (certs.isEmpty()) {
      throw new ConfigException(where + " must contain at least one PEM certificate (-----BEGIN CERTIFICATE-----), but has none");
    }
    return certs.toArray(X509Certificate[]::new);
  }

  /** The one unencrypted PKCS#8 private key (RSA or EC) in a PEM file. */
  static PrivateKey readPrivateKey(String key, Path file) throws ConfigException {
    String where = key + " " + file;
    List<Pem.Block> blocks = Pem.parse(readText(key, file));
    for (Pem.Block b : blocks) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(where, b.der());
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> throw new ConfigException(
            where + " holds a \"" + b.type() + "\" (traditional OpenSSL format), but the service reads only"
                + " unencrypted PKCS#8 (\"PRIVATE KEY\"); " + CONVERT_HINT);
        case "ENCRYPTED PRIVATE KEY" -> throw new ConfigException(
            where + " holds an encrypted private key, but the service reads only unencrypted PKCS#8"
                + " (protect it with chmod 600 instead); " + CONVERT_HINT);
        case "OPENSSH PRIVATE KEY" -> throw new ConfigException(
            where + " holds an OpenSSH key, not a TLS private key in PEM");
        default -> {
          // certificates and parameters next to the key are ignored
        }
      }
    }
    throw new ConfigException(where + " must contain a PEM private key (-----BEGIN PRIVATE KEY-----), but has none");
  }

  private static PrivateKey pkcs8(String where, byte[] der) throws ConfigException {
    if (der == null) {
      throw new ConfigException(where + " has a PRIVATE KEY block that is not valid base64");
    }
    try {
      for (String algorithm : List.of("RSA", "EC")) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
          // try the next algorithm
        }
      }
    } finally {
      Arrays.fill(der, (byte) 0);
    }
    throw new ConfigException(where + " holds a PKCS#8 private key that is neither RSA nor EC (or is damaged)");
  }

  /** Signs with the key and verifies with the certificate: catches a key that belongs to another certificate. */
  private static void requireMatch(X509Certificate cert, PrivateKey key, Path keyFile) throws ConfigException {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      if (v.verify(sig)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another algorithm than the certificate's: does not match either
    }
    throw new ConfigException(
        KEY_KEY + " " + keyFile + " does not belong to the first certificate in " + CERT_KEY
            + " (" + cert.getSubjectX500Principal().getName() + ")");
  }

  private static String readText(String key, Path file) throws ConfigException {
    try {
      long size = Files.size(file);
      if (size > MAX_PEM_BYTES) {
        throw new ConfigException(key + " " + file + " must be at most " + MAX_PEM_BYTES + " bytes, but is " + size);
      }
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new ConfigException(key + " " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException(key + " " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** Restricts every created socket to {@link #PROTOCOLS} and turns on hostname verification. */
  static final class Hardened extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    Hardened(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    private Socket harden(Socket socket) {
      if (socket instanceof SSLSocket ssl) {
        List<String> supported = Arrays.asList(ssl.getSupportedProtocols());
        ssl.setEnabledProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
      }
      return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return harden(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
      return harden(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return harden(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return harden(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return harden(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return harden(delegate.createSocket(address, port, localAddress, localPort));
    }
  }
}
