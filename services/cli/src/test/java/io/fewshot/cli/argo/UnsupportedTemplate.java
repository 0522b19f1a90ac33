package io.fewshot.cli.argo;

/** The template uses something this local executor does not resolve: it says what, and stops. */
final class UnsupportedTemplate extends RuntimeException {
    UnsupportedTemplate(String message) {
        super("local Argo executor: " + message);
    }
}
