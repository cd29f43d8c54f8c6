package io.opsagent.demo;

/** What the leak scenario keeps forever: a class name tests look for in histograms and heap dumps. */
final class DemoLeakedRecord {
    final long createdAt = System.nanoTime();
    final byte[] payload;

    DemoLeakedRecord(int bytes) {
        payload = new byte[bytes];
    }
}
