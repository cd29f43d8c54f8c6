import java.util.concurrent.ThreadLocalRandom;

/**
 * Application throughput under garbage churn over a steady working set, for bench/leak.sh: run it
 * with and without the agent and compare operations per second. Run with the JDK's source launcher:
 * {@code java [-javaagent:...] LeakChurnThroughput.java <seconds>}.
 */
public class LeakChurnThroughput {
    static volatile Object sink;

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
        byte[][] working = new byte[200][];
        for (int i = 0; i < working.length; i++) {
            working[i] = new byte[100_000];
        }
        long warmEnd = System.nanoTime() + 5_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        long ops = 0;
        long measuredFrom = -1;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (measuredFrom < 0 && now >= warmEnd) {
                measuredFrom = now;
                ops = 0;
            }
            for (int i = 0; i < 100; i++) {
                sink = new byte[1_000 + ThreadLocalRandom.current().nextInt(9_000)];
            }
            if ((ops & 7) == 0) {
                working[ThreadLocalRandom.current().nextInt(working.length)] = new byte[100_000];
            }
            ops++;
        }
        double secs = (System.nanoTime() - measuredFrom) / 1e9;
        System.out.printf("THROUGHPUT_OPS_PER_S=%.0f%n", ops / secs);
    }
}
