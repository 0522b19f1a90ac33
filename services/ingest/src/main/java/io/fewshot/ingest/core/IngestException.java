package io.fewshot.ingest.core;

/**
 * Bad input or a failed step, with a stable code (the problem type in REST answers and the reason in events)
 * and a message that names the offending archive, entry or class.
 */
public class IngestException extends RuntimeException {
    /** Stable error codes; each names one kind of refusal. */
    public enum Code {
        UNSAFE_ENTRY, SYMLINK_ENTRY, ARCHIVE_TOO_LARGE, CORRUPT_ARCHIVE, NON_IMAGE_ENTRY, CORRUPT_IMAGE, WRONG_IMAGE_COUNT,
        DUPLICATE_CLASS, BAD_LAYOUT, SOURCE_UNREACHABLE, SHA256_MISMATCH, BAD_REQUEST, STORAGE_FAILURE
    }

    private final Code code;

    public IngestException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public IngestException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    /** The code as a URL-friendly slug, e.g. "unsafe-entry". */
    public String slug() {
        return code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
