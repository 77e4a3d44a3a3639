package org.proximity.backend.match;

import org.proximity.contract.rollingid.RecordIdHasher;

/** The protocol of a diagnosis key, named as in the record's {@code kind}. */
public enum KeyKind {
  GAEN(RecordIdHasher.GAEN),
  BLUEZONE(RecordIdHasher.BLUEZONE);

  private final String wireName;

  KeyKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
