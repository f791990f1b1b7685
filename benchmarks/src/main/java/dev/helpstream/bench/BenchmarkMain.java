package dev.helpstream.bench;

/** The benchmark command. */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) {}
}
