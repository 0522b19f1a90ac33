package io.fewshot.localstack;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a running {@link LocalStack}: random free ports, data in a fresh
 * temporary directory. One stack is started per JVM, on first use, and shared by every test
 * class that uses the extension (a start costs seconds); it is stopped and its directory deleted
 * when the test run ends. Tests share the broker and the bucket, so they should use their own
 * topic names and object keys.
 *
 * <pre>
 * &#64;ExtendWith(LocalStackExtension.class)
 * class MyIT {
 *     &#64;Test void works(LocalStack stack) { ... stack.bootstrapServers() ... }
 * }
 * </pre>
 * Static access without a parameter: {@link #stack(ExtensionContext)}.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    /** The JVM-wide stack, started on first call. */
    public static LocalStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(SharedStack.class, key -> SharedStack.start(), SharedStack.class)
                .stack();
    }

    /** The stack and its temporary directory; JUnit closes it when the root context ends. */
    private record SharedStack(LocalStack stack, Path dir) implements AutoCloseable {

        static SharedStack start() {
            QuietLogging.apply();
            Path dir = null;
            try {
                dir = Files.createTempDirectory("fewshot-local-stack-");
                return new SharedStack(LocalStack.start(LocalStackConfig.randomPorts(dir)), dir);
            } catch (Exception e) {
                if (dir != null) {
                    deleteQuietly(dir);
                }
                throw new IllegalStateException("could not start the local stack for tests: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            try {
                stack.close();
            } finally {
                deleteQuietly(dir);
            }
        }
    }

    static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // A leftover temp directory is harmless; a failure here must not fail the test run.
        }
    }
}
