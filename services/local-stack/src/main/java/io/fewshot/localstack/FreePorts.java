package io.fewshot.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Turns port 0 into a concrete free port. KRaft needs real ports before it starts (the quorum
 * voter address and the advertised listener are configuration), so we cannot ask it to bind 0.
 * A port found here could in theory be taken by someone else before the broker binds it; the
 * window is milliseconds and the failure is a clear bind error.
 */
final class FreePorts {

    private FreePorts() {
    }

    static int resolve(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalStackConfig.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on " + LocalStackConfig.HOST, e);
        }
    }
}
