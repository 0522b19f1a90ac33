package io.fewshot.dataset.image;

/** An entry that claims to be an image but cannot be decoded completely. */
public class ImageDecodeException extends Exception {
    public ImageDecodeException(String message) {
        super(message);
    }

    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
