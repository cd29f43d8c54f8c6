package io.opsagent.demo;

/** What the cache scenario holds: it warms up to a fixed size, then only replaces entries. */
final class DemoCacheEntry {
    final byte[] value;

    DemoCacheEntry(int bytes) {
        value = new byte[bytes];
    }
}
