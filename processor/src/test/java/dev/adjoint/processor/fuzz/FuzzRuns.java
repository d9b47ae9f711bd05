package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

/**
 * What both fuzz drivers share: which seeds to run ({@code adjoint.fuzz.seed}, or
 * {@code adjoint.fuzz.programs} from {@code adjoint.fuzz.firstSeed}, else the fixed slice) and running
 * them on {@code adjoint.fuzz.threads} threads.
 */
final class FuzzRuns {

    private FuzzRuns() {
    }

    static long[] seeds(long[] fixedSlice) {
        String single = System.getProperty("adjoint.fuzz.seed");
        if (single != null && !single.isBlank()) {
            return Arrays.stream(single.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        }
        Integer count = Integer.getInteger("adjoint.fuzz.programs");
        if (count != null) {
            long first = Long.getLong("adjoint.fuzz.firstSeed", 1L);
            return LongStream.range(first, first + count).toArray();
        }
        return fixedSlice;
    }

    /** {@code first..last} for a run of consecutive seeds, else the list. */
    static String describe(long[] seeds) {
        if (seeds.length > 6 && seeds[seeds.length - 1] - seeds[0] == seeds.length - 1) {
            return seeds[0] + ".." + seeds[seeds.length - 1];
        }
        return Arrays.toString(seeds);
    }

    /** Runs one program per seed, in seed order of the reports, and collects what they report. */
    static List<String> runAll(long[] seeds, LongFunction<List<String>> program)
            throws InterruptedException, ExecutionException {
        int threads = Integer.getInteger("adjoint.fuzz.threads", 1);
        List<String> reports = new ArrayList<>();
        if (threads <= 1) {
            for (long seed : seeds) {
                reports.addAll(program.apply(seed));
            }
            return reports;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (long seed : seeds) {
                futures.add(pool.submit(() -> program.apply(seed)));
            }
            for (Future<List<String>> f : futures) {
                reports.addAll(f.get());
            }
        } finally {
            pool.shutdown();
        }
        return reports;
    }
}
