-- The collector's store (docs/backend.md). One schema for SQLite and PostgreSQL: only types and
-- statements both accept; ${binary} is BLOB or BYTEA. Times are UTC epoch seconds, receipt times
-- epoch milliseconds of the collector's clock.

-- One row per stored encounters message. batch (site/gateway/epoch/seq) is the gateway's
-- idempotency key: the primary key makes a second copy an insert that does nothing.
CREATE TABLE batches (
  batch          VARCHAR(300) NOT NULL PRIMARY KEY,
  site           VARCHAR(64)  NOT NULL,
  gateway        VARCHAR(64)  NOT NULL,
  epoch          VARCHAR(8)   NOT NULL,
  seq            BIGINT       NOT NULL,
  bucket_start   BIGINT       NOT NULL,
  bucket_minutes INTEGER      NOT NULL,
  part_index     INTEGER      NOT NULL,
  part_count     INTEGER      NOT NULL,
  partial        BOOLEAN      NOT NULL,
  key_id         VARCHAR(8)   NOT NULL,
  clock_synced   BOOLEAN      NOT NULL,
  clock_source   VARCHAR(64)  NOT NULL,
  counts         TEXT         NOT NULL,
  record_count   INTEGER      NOT NULL,
  duplicates     INTEGER      NOT NULL DEFAULT 0,
  received_at    BIGINT       NOT NULL,
  collector      VARCHAR(64)  NOT NULL
);
-- gaps: per site, gateway and epoch, in seq order
CREATE INDEX batches_stream ON batches (site, gateway, epoch, seq);

-- The encounter records of every stored batch; written in the transaction that inserted the batch.
CREATE TABLE records (
  id             CHAR(32)     NOT NULL,
  site           VARCHAR(64)  NOT NULL,
  gateway        VARCHAR(64)  NOT NULL,
  bucket_start   BIGINT       NOT NULL,
  bucket_minutes INTEGER      NOT NULL,
  kind           VARCHAR(16)  NOT NULL,
  first_seen     BIGINT       NOT NULL,
  last_seen      BIGINT       NOT NULL,
  n              INTEGER      NOT NULL,
  rssi_min       SMALLINT     NOT NULL,
  rssi_median    SMALLINT     NOT NULL,
  rssi_max       SMALLINT     NOT NULL,
  aem            CHAR(8),
  batch          VARCHAR(300) NOT NULL
);
-- matching looks records up by id, or walks one site's buckets
CREATE INDEX records_id ON records (id);
CREATE INDEX records_site_bucket ON records (site, bucket_start);

-- Crowd minutes: the first copy of each (site, gateway, minute) is kept, later ones counted.
CREATE TABLE crowd_minutes (
  site                   VARCHAR(64) NOT NULL,
  gateway                VARCHAR(64) NOT NULL,
  minute                 BIGINT      NOT NULL,
  advertisements         TEXT        NOT NULL,
  distinct_counts        TEXT        NOT NULL,
  bluezone_ios_presences INTEGER     NOT NULL,
  malformed              BIGINT      NOT NULL,
  overflow               BIGINT      NOT NULL,
  late                   BIGINT      NOT NULL,
  future                 BIGINT      NOT NULL,
  duplicates             INTEGER     NOT NULL DEFAULT 0,
  received_at            BIGINT      NOT NULL,
  collector              VARCHAR(64) NOT NULL,
  PRIMARY KEY (site, gateway, minute)
);

-- The latest health message of each gateway (by its own "time", sent_at), as received.
CREATE TABLE gateway_health (
  site        VARCHAR(64) NOT NULL,
  gateway     VARCHAR(64) NOT NULL,
  sent_at     BIGINT      NOT NULL,
  payload     TEXT        NOT NULL,
  received_at BIGINT      NOT NULL,
  collector   VARCHAR(64) NOT NULL,
  PRIMARY KEY (site, gateway)
);

-- The latest status word (online/offline) of each gateway, by receipt time.
CREATE TABLE gateway_status (
  site        VARCHAR(64) NOT NULL,
  gateway     VARCHAR(64) NOT NULL,
  status      VARCHAR(16) NOT NULL,
  received_at BIGINT      NOT NULL,
  collector   VARCHAR(64) NOT NULL,
  PRIMARY KEY (site, gateway)
);

-- Payloads refused by the collector, with the reason. digest = SHA-256 of topic and payload, so a
-- redelivered copy adds to copies instead of a second row.
CREATE TABLE quarantine (
  digest      CHAR(64)      NOT NULL PRIMARY KEY,
  topic       VARCHAR(1024) NOT NULL,
  site        VARCHAR(64),
  gateway     VARCHAR(64),
  reason      VARCHAR(32)   NOT NULL,
  detail      TEXT          NOT NULL,
  payload     ${binary}     NOT NULL,
  copies      INTEGER       NOT NULL DEFAULT 1,
  received_at BIGINT        NOT NULL,
  collector   VARCHAR(64)   NOT NULL
);
CREATE INDEX quarantine_reason ON quarantine (reason);
