package org.proximity.gateway.ad;

/**
 * Strict UTF-8 well-formedness (Unicode 15, 3.9, Table 3-7; RFC 3629 4): no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence. Allocation-free.
 */
final class Utf8 {
  private Utf8() {}

  /** The index of the first byte of the first ill-formed sequence in {@code b[from, to)}, or -1. */
  static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        lo = c == 0xE0 ? 0xA0 : 0x80; // E0: no overlong
        hi = c == 0xED ? 0x9F : 0xBF; // ED: no surrogates
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        lo = c == 0xF0 ? 0x90 : 0x80; // F0: no overlong
        hi = c == 0xF4 ? 0x8F : 0xBF; // F4: nothing above U+10FFFF
      } else {
        return i; // 80..C1 (continuation or overlong lead), F5..FF
      }
      if (i + n >= to) {
        return i; // truncated: fewer than n continuation bytes remain
      }
      int second = b[i + 1] & 0xFF;
      if (second < lo || second > hi) {
        return i;
      }
      for (int k = 2; k <= n; k++) {
        int cont = b[i + k] & 0xFF;
        if (cont < 0x80 || cont > 0xBF) {
          return i;
        }
      }
      i += n + 1;
    }
    return -1;
  }
}
