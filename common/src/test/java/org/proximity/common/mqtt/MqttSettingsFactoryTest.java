package org.proximity.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.config.ConfigException;
import org.proximity.common.testing.TestPki;

class MqttSettingsFactoryTest {
  @TempDir Path dir;

  private Path secret(String content, String mode) throws Exception {
    Path f = dir.resolve("mqtt.pass");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  private static MqttKeys mqtt(String url, String user, Path passwordFile) {
    return new MqttKeys(url, "proximity", null, null, null, user, passwordFile, 32, 30);
  }

  @Test
  void plainUrl_withPassword_givesClientIdUserPasswordAndNoTls() throws Exception {
    MqttSettings s =
        MqttSettingsFactory.from(mqtt("tcp://10.0.0.1:1883", "bay-03", secret("hunter2\n", "rw-------")), "bay-03");
    assertEquals("tcp://10.0.0.1:1883", s.serverUri());
    assertEquals("bay-03", s.clientId());
    assertEquals("bay-03", s.username());
    assertArrayEquals("hunter2".toCharArray(), s.password());
    assertNull(s.socketFactory());
    assertEquals(32, s.maxInflight());
    assertEquals(30, s.keepAliveSeconds());
    assertFalse(s.toString().contains("hunter2"));
  }

  @Test
  void sslUrl_withoutCaFile_usesTheSystemTrustStore() throws Exception {
    MqttSettings s = MqttSettingsFactory.from(mqtt("ssl://mqtt.example.org:8883", "", null), "bay-03");
    assertTrue(s.socketFactory() instanceof SSLSocketFactory);
    assertNull(s.username());
    assertNull(s.password());
  }

  @Test
  void passwordFileReadableByOthers_isRefused_withoutThePassword() throws Exception {
    Path f = secret("hunter2\n", "rw-rw-r--");
    ConfigException e =
        assertThrows(ConfigException.class, () -> MqttSettingsFactory.from(mqtt("tcp://h:1883", "bay-03", f), "bay-03"));
    assertEquals("mqtt.password_file " + f + " must be readable by its owner only (chmod 600), but is rw-rw-r--",
        e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void clientKeyReadableByOthers_isRefusedBeforeConnecting() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"));
    Files.setPosixFilePermissions(pki.clientKeyFile(), PosixFilePermissions.fromString("rw-r-----"));
    MqttKeys m = new MqttKeys("ssl://localhost:8883", "proximity", pki.caFile(), pki.clientCertFile(), pki.clientKeyFile(),
        "", null, 32, 30);
    ConfigException e = assertThrows(ConfigException.class, () -> MqttSettingsFactory.from(m, "bay-03"));
    assertEquals("mqtt.key_file " + pki.clientKeyFile() + " must be readable by its owner only (chmod 600), but is rw-r-----",
        e.getMessage());
  }

  @Test
  void allProblems_areReportedTogether() throws Exception {
    MqttKeys m = new MqttKeys("ssl://h:8883", "proximity", dir.resolve("ca.pem"), null, null,
        "bay-03", dir.resolve("none.pass"), 32, 30);
    ConfigException e = assertThrows(ConfigException.class, () -> MqttSettingsFactory.from(m, "bay-03"));
    assertEquals(2, e.problems().size(), e.getMessage());
  }
}
