package dev.fanout.bench.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * This process's established TCP connections to some remote ports, counted from Linux's {@code /proc}, for a
 * client that has no API to count its connections (the JDK's). {@code /proc/self/net/tcp} and {@code tcp6} list
 * every socket of the network namespace, so a line counts only when its inode is one of this process's open
 * file descriptors ({@code /proc/self/fd}); connections are matched by remote port, so a server in the same
 * process, whose sockets have that port as their local one, is not counted.
 *
 * <p>Linux only: elsewhere {@link #to} throws.
 */
final class EstablishedSockets {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final List<Path> TABLES = List.of(Path.of("/proc/self/net/tcp"), Path.of("/proc/self/net/tcp6"));
    /** The kernel's {@code TCP_ESTABLISHED}, as {@code /proc/net/tcp} writes it in its {@code st} column. */
    private static final String ESTABLISHED = "01";
    private static final String SOCKET_LINK = "socket:[";

    private EstablishedSockets() {
    }

    /**
     * The connections of this process in the ESTABLISHED state to any of {@code remotePorts}, on any address.
     *
     * @throws UnsupportedOperationException where {@code /proc/self/net/tcp} does not exist (not Linux)
     * @throws UncheckedIOException when {@code /proc} cannot be read
     */
    static int to(Set<Integer> remotePorts) {
        if (!Files.isReadable(TABLES.get(0))) {
            throw new UnsupportedOperationException("counting connections reads Linux's /proc/self/net/tcp, which"
                    + " this system does not have");
        }
        try {
            Set<String> inodes = socketInodes();
            int count = 0;
            for (Path table : TABLES) {
                if (Files.isReadable(table)) {
                    count += countIn(table, remotePorts, inodes);
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc to count connections", e);
        }
    }

    /** The inodes of this process's open sockets: their descriptors link to {@code socket:[inode]}. */
    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith(SOCKET_LINK)) {
                    inodes.add(target.substring(SOCKET_LINK.length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }

    /** Lines are {@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...}, ports in hex. */
    private static int countIn(Path table, Set<Integer> remotePorts, Set<String> inodes) throws IOException {
        int count = 0;
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            String remote = fields[2];
            int port = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
            if (fields[3].equals(ESTABLISHED) && remotePorts.contains(port) && inodes.contains(fields[9])) {
                count++;
            }
        }
        return count;
    }
}
