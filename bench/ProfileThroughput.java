import java.util.concurrent.ThreadLocalRandom;

/**
 * Application work for bench/profile.sh: hashing (CPU) and allocation, with a ring of surviving
 * {@code BenchRecord}s (what the leak-site sampler is pointed at). Prints {@code OPS <epoch ms> <ops>}
 * once a second so the script can average any time window. Run with the JDK's source launcher:
 * {@code java [-javaagent:...] ProfileThroughput.java <seconds>}.
 */
public class ProfileThroughput {
    static volatile long sink;

    static final class BenchRecord {
        final byte[] payload;
        final long id;

        BenchRecord(long id, int bytes) {
            this.id = id;
            this.payload = new byte[bytes];
        }
    }

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        BenchRecord[] ring = new BenchRecord[20_000];
        long end = System.currentTimeMillis() + seconds * 1000;
        long nextPrint = System.currentTimeMillis() + 1000;
        long ops = 0;
        long id = 0;
        while (true) {
            long h = 0;
            for (int i = 0; i < 2_000; i++) {
                h = h * 31 + Long.rotateLeft(h ^ i, 7);
            }
            sink += h;
            sink += new byte[2_000 + ThreadLocalRandom.current().nextInt(2_000)].length;
            ring[(int) (id % ring.length)] = new BenchRecord(id, 200);
            id++;
            ops++;
            if ((ops & 255) == 0) {
                long now = System.currentTimeMillis();
                if (now >= nextPrint) {
                    System.out.println("OPS " + now + " " + ops);
                    ops = 0;
                    nextPrint = now + 1000;
                }
                if (now >= end) {
                    break;
                }
            }
        }
    }
}
