package io.fewshot.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

final class Loopback {
    private Loopback() {
    }

    /** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
