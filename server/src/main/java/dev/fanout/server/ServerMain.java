package dev.fanout.server;

public final class ServerMain {
    public static void main(String[] args) {
    }
}
