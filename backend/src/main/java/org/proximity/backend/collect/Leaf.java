package org.proximity.backend.collect;

/** The last topic level of a gateway's topics, and the JSON Schema (in the contract jar) of each. */
public enum Leaf {
  ENCOUNTERS("encounters", "encounters.schema.json"),
  CROWD("crowd", "crowd.schema.json"),
  HEALTH("health", "health.schema.json"),
  STATUS("status", "status.schema.json");

  private final String level;
  private final String schemaFile;

  Leaf(String level, String schemaFile) {
    this.level = level;
    this.schemaFile = schemaFile;
  }

  public String level() {
    return level;
  }

  String schemaFile() {
    return schemaFile;
  }

  /** The leaf named by a topic level, or null. */
  public static Leaf of(String level) {
    for (Leaf l : values()) {
      if (l.level.equals(level)) {
        return l;
      }
    }
    return null;
  }
}
