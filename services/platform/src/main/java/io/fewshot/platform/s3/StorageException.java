package io.fewshot.platform.s3;

/** An S3 operation failed (endpoint unreachable, access denied, I/O): a failure of the surroundings, worth retrying. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
