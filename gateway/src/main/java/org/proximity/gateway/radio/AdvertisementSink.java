package org.proximity.gateway.radio;

/** Where a radio source delivers what it hears. Implementations must not block the caller. */
@FunctionalInterface
public interface AdvertisementSink {
  void accept(Advertisement advertisement);

  /**
   * The first {@code size} reports of {@code run}, in the order heard. A source that has many
   * reports ready at once (a capture file) hands them over this way, so that the hand-over between
   * threads is paid once per run, not once per report. The array is handed over: the caller must
   * not touch it again.
   */
  default void acceptRun(Advertisement[] run, int size) {
    for (int i = 0; i < size; i++) {
      accept(run[i]);
    }
  }

  /**
   * The reports of {@code block}, in the order heard. The block is handed over: the sink calls
   * {@link ReportBlock#release} once it is done with it, and the caller must not touch it again.
   * This default hands them on one by one as objects.
   */
  default void acceptBlock(ReportBlock block) {
    try {
      for (int i = 0; i < block.size(); i++) {
        accept(block.advertisement(i));
      }
    } finally {
      block.release();
    }
  }
}
