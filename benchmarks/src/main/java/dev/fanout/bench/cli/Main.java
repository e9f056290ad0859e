package dev.fanout.bench.cli;

public final class Main {
    public static void main(String[] args) {
    }
}
