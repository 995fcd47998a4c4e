package io.vlaarena.storage.bench;

/**
 * Runs {@link StorageBenchmark} on a temporary embedded store and prints the numbers (a benchmark,
 * not a test: the machine's load changes them).
 *
 * <pre>{@code
 * ./mvnw -q -pl arena-storage -am test-compile
 * java -cp "$(cat cp.txt):arena-core/target/classes:arena-storage/target/classes:arena-storage/target/test-classes" \
 *     io.vlaarena.storage.bench.StorageBenchmarkMain [iterations] [turns] [threads]
 * }</pre>
 */
public final class StorageBenchmarkMain {
    private StorageBenchmarkMain() {}

    public static void main(String[] args) {
        StorageBenchmark.Builder b = StorageBenchmark.builder();
        if (args.length > 0) {
            b.iterations(Integer.parseInt(args[0]));
        }
        if (args.length > 1) {
            b.turns(Integer.parseInt(args[1]));
        }
        if (args.length > 2) {
            b.threads(Integer.parseInt(args[2]));
        }
        System.out.println(b.build().runOnTemporaryEmbeddedStore().summary());
    }
}
