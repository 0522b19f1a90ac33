package io.fewshot.registry.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, from the machine's own binaries (Debian's postgresql
 * package): initdb into a temporary directory, started with pg_ctl on a free 127.0.0.1 port, one
 * database {@code registry} owned by user {@code registry} (trust authentication, loopback only).
 * PostgreSQL refuses to run as root, so as root the server runs as the {@code postgres} user.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "registry";
    public static final String DATABASE = "registry";
    private static final String[] NEEDED = {"initdb", "pg_ctl", "postgres"};

    private final Path bin;
    private final Path dir;
    private final int port;
    private final Optional<String> runAs;

    private PostgresServer(Path bin, Path dir, int port, Optional<String> runAs) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.runAs = runAs;
    }

    /** For {@code @EnabledIf}: true when the PostgreSQL server binaries are installed. */
    public static boolean available() {
        return binaries().isPresent();
    }

    /**
     * The directory holding initdb, pg_ctl and postgres: {@code $PG_BIN}, else the one initdb on the
     * PATH resolves to, else the newest {@code /usr/lib/postgresql/<version>/bin} (Debian's layout).
     */
    public static Optional<Path> binaries() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("PG_BIN")).map(Path::of).ifPresent(candidates::add);
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path initdb = Path.of(p.isEmpty() ? "." : p, "initdb");
            if (Files.isExecutable(initdb)) {
                try {
                    candidates.add(initdb.toRealPath().getParent());
                } catch (IOException ignored) {
                    // a dangling link: not a candidate
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.sorted(Comparator.comparing((Path v) -> versionOf(v)).reversed())
                        .map(v -> v.resolve("bin")).forEach(candidates::add);
            } catch (IOException ignored) {
                // unreadable: no candidate from here
            }
        }
        return candidates.stream().filter(d -> Stream.of(NEEDED).allMatch(n -> Files.isExecutable(d.resolve(n))))
                .findFirst();
    }

    private static int versionOf(Path v) {
        try {
            return Integer.parseInt(v.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static PostgresServer start() throws Exception {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL binaries not found: install Debian's postgresql package or set PG_BIN"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Optional<String> runAs = root ? Optional.of("postgres") : Optional.empty();
        Path dir = Files.createTempDirectory("registry-pg-");
        if (runAs.isPresent()) {
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(runAs.get());
            Files.setOwner(dir, owner);
        }
        PostgresServer server = new PostgresServer(bin, dir, freePort(), runAs);
        try {
            server.run(60, "initdb", "-D", server.data(), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C",
                    "--no-sync");
            server.run(60, "pg_ctl", "-D", server.data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), USER, "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void run(int timeoutSeconds, String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        runAs.ifPresent(user -> cmd.addAll(List.of("runuser", "-u", user, "--")));
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Path log = dir.resolve(tool + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(tool + " did not finish in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                    + Files.readString(log) + readQuietly(dir.resolve("server.log")));
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? "\nserver log:\n" + Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                run(60, "pg_ctl", "-D", data(), "-m", "fast", "-w", "stop");
            }
        } catch (Exception e) {
            System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e.getMessage());
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

}
