package io.fewshot.manifests;

/**
 * One thing wrong with one manifest.
 *
 * @param source  which document: file or rendered overlay, kind and name
 * @param path    where in the document, as a JSON path ({@code $.spec.template...}), or {@code $}
 * @param message what is wrong, in words
 */
public record Problem(String source, String path, String message) {

    @Override
    public String toString() {
        return source + " " + path + ": " + message;
    }
}
