package org.proximity.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.backend.export.ExportFile;
import org.proximity.backend.export.ExportWriter;
import org.proximity.backend.export.PemKeys;
import org.proximity.backend.export.SignatureInfo;
import org.proximity.gateway.radio.simulator.PhoneKind;
import org.proximity.gateway.radio.simulator.SimulatedDailyKey;
import org.proximity.gateway.radio.simulator.SimulatedPhone;

/**
 * The simulated phones that "test positive" at the end of the demo, and what their health authority
 * publishes for them: a GAEN export signed with a throwaway P-256 key (and its PEM public key), and
 * Bluezone's infected-user message. Only phones heard long enough to be matchable are chosen.
 */
record Positives(List<SimulatedPhone> phones, byte[] gaenExport, String gaenPublicKeyPem, byte[] bluezoneMessage) {
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration MIN_PRESENCE = Duration.ofMinutes(10);

  /** Chooses up to {@code n} GAEN and Bluezone Android phones present for 10 minutes within {@code [start, end)}. */
  static Positives choose(List<SimulatedPhone> all, int n, long seed, Instant start, Instant end) {
    List<SimulatedPhone> eligible = new ArrayList<>();
    for (SimulatedPhone p : all) {
      Instant from = p.arrival().isAfter(start) ? p.arrival() : start;
      Instant to = p.departure().isBefore(end) ? p.departure() : end;
      if (p.kind() != PhoneKind.BLUEZONE_IOS && Duration.between(from, to).compareTo(MIN_PRESENCE) >= 0) {
        eligible.add(p);
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<SimulatedPhone> chosen = new ArrayList<>();
    while (chosen.size() < n && !eligible.isEmpty()) {
      chosen.add(eligible.remove(random.nextInt(eligible.size())));
    }
    return publish(chosen, end);
  }

  private static Positives publish(List<SimulatedPhone> chosen, Instant end) {
    List<DiagnosisKey> keys = new ArrayList<>();
    ByteArrayOutputStream bluezone = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(bluezone)) {
      g.writeStartObject();
      g.writeArrayFieldStart("data");
      for (SimulatedPhone p : chosen) {
        for (SimulatedDailyKey k : p.dailyKeys()) {
          if (p.kind() == PhoneKind.GAEN) {
            keys.add(DiagnosisKey.ofDay(k.key(), k.rollingStartIntervalNumber()));
          } else {
            long dayStart = k.epochDay() * 86_400;
            g.writeStartObject();
            g.writeStringField("daily_key", HEX.formatHex(k.key()));
            g.writeNumberField("time_start", dayStart);
            g.writeNumberField("time_end", Math.min(dayStart + 86_399, end.getEpochSecond()));
            g.writeNumberField("max", 96);
            g.writeEndObject();
          }
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    KeyPair signer = throwawaySigningKey();
    ExportFile export = new ExportFile(end.minusSeconds(86_400).getEpochSecond(), end.getEpochSecond(), "DEMO", 1, 1,
        List.of(new SignatureInfo("v1", "demo", SignatureInfo.ECDSA_SHA256_OID)), keys, List.of());
    return new Positives(List.copyOf(chosen), ExportWriter.write(export, signer.getPrivate()),
        PemKeys.toPem(signer.getPublic()), bluezone.toByteArray());
  }

  /** True when a chosen phone runs GAEN, so the export holds keys. */
  boolean hasGaen() {
    return phones.stream().anyMatch(p -> p.kind() == PhoneKind.GAEN);
  }

  /** True when a chosen phone runs Bluezone, so the message holds daily keys. */
  boolean hasBluezone() {
    return phones.stream().anyMatch(p -> p.kind() == PhoneKind.BLUEZONE_ANDROID);
  }

  /** The phone a published key (hex TEK or Bluezone daily key) belongs to, or null. */
  SimulatedPhone ownerOf(String keyHex) {
    for (SimulatedPhone p : phones) {
      for (SimulatedDailyKey k : p.dailyKeys()) {
        if (HEX.formatHex(k.key()).equals(keyHex)) {
          return p;
        }
      }
    }
    return null;
  }

  private static KeyPair throwawaySigningKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no P-256 key generator", e);
    }
  }
}
