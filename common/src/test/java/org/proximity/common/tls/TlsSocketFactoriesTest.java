package org.proximity.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.config.ConfigException;
import org.proximity.common.testing.TestPki;

/** PEM parsing and the factory, on keys and certificates made by openssl for the test. */
class TlsSocketFactoriesTest {
  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void keys() {
    pki = TestPki.create(dir.resolve("pki"));
    TestPki.openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pk8.pem");
    TestPki.openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pk8.pem");
    TestPki.openssl(dir, "pkey", "-in", "rsa.pk8.pem", "-traditional", "-out", "rsa.pkcs1.pem");
    TestPki.openssl(dir, "pkey", "-in", "ec.pk8.pem", "-traditional", "-out", "ec.sec1.pem");
    TestPki.openssl(dir, "pkcs8", "-topk8", "-in", "rsa.pk8.pem", "-passout", "pass:test", "-out", "rsa.enc.pem");
  }

  @Test
  void pkcs8Rsa_and_pkcs8Ec_areRead() throws Exception {
    PrivateKey rsa = TlsSocketFactories.readPrivateKey("mqtt.key_file", dir.resolve("rsa.pk8.pem"));
    PrivateKey ec = TlsSocketFactories.readPrivateKey("mqtt.key_file", dir.resolve("ec.pk8.pem"));
    assertEquals("RSA", rsa.getAlgorithm());
    assertEquals("EC", ec.getAlgorithm());
  }

  @Test
  void traditionalFormats_areRejectedWithTheConversionCommand() throws Exception {
    for (String f : List.of("rsa.pkcs1.pem", "ec.sec1.pem", "rsa.enc.pem")) {
      Path file = dir.resolve(f);
      String pem = Files.readString(file);
      ConfigException e =
          assertThrows(ConfigException.class, () -> TlsSocketFactories.readPrivateKey("mqtt.key_file", file));
      assertTrue(e.getMessage().startsWith("mqtt.key_file " + file + " holds "), e.getMessage());
      assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem"), e.getMessage());
      String body = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
      assertFalse(e.getMessage().contains(body), "no key material in the message");
    }
  }

  @Test
  void fileWithoutKey_orMissing_isRejected() {
    ConfigException none = assertThrows(
        ConfigException.class, () -> TlsSocketFactories.readPrivateKey("mqtt.key_file", pki.caFile()));
    assertTrue(none.getMessage().contains("must contain a PEM private key"), none.getMessage());
    ConfigException missing = assertThrows(
        ConfigException.class, () -> TlsSocketFactories.create(dir.resolve("nope.pem"), null, null));
    assertEquals("mqtt.ca_file " + dir.resolve("nope.pem") + " does not exist", missing.getMessage());
  }

  @Test
  void caFile_withSeveralCertificates_readsThemAll() throws Exception {
    Path both = dir.resolve("both.pem");
    Files.writeString(both, "two test CAs\n" + Files.readString(pki.caFile()) + Files.readString(pki.otherCaFile()));
    assertEquals(2, TlsSocketFactories.readCertificates("mqtt.ca_file", both).length);
    ConfigException e = assertThrows(
        ConfigException.class, () -> TlsSocketFactories.readCertificates("mqtt.ca_file", dir.resolve("ec.pk8.pem")));
    assertTrue(e.getMessage().contains("must contain at least one PEM certificate"), e.getMessage());
  }

  @Test
  void keyOfAnotherCertificate_isRejected() {
    ConfigException e = assertThrows(
        ConfigException.class,
        () -> TlsSocketFactories.create(pki.caFile(), pki.clientCertFile(), dir.resolve("rsa.pk8.pem")));
    assertTrue(e.getMessage().contains("does not belong to the first certificate in mqtt.cert_file"), e.getMessage());
  }

  @Test
  void createdSockets_offerOnlyTls12And13_andVerifyTheHostname() throws Exception {
    for (SSLSocketFactory f : List.of(
        TlsSocketFactories.create(pki.caFile(), pki.clientCertFile(), pki.clientKeyFile()),
        TlsSocketFactories.create(null, null, null))) {
      try (SSLSocket s = (SSLSocket) f.createSocket()) {
        assertNotNull(s);
        assertTrue(TlsSocketFactories.PROTOCOLS.containsAll(List.of(s.getEnabledProtocols())));
        assertEquals("HTTPS", s.getSSLParameters().getEndpointIdentificationAlgorithm());
      }
    }
  }
}
