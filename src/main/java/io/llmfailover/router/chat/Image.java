package io.llmfailover.router.chat;

/**
 * An image in a message: inline (base64 data with its media type), or an http(s) URL the provider fetches itself.
 *
 * @param mediaType {@code image/png}, {@code image/jpeg}, {@code image/gif} or {@code image/webp} (inline images)
 * @param data      the image, base64 (inline images), else null
 * @param url       the image's http(s) URL, else null
 */
public record Image(String mediaType, String data, String url) {

    public static Image inline(String mediaType, String base64) {
        return new Image(mediaType, base64, null);
    }

    public static Image at(String url) {
        return new Image(null, null, url);
    }

    public boolean isInline() {
        return data != null;
    }

    /** The image as a {@code data:} URL (inline) or its URL. */
    public String asUrl() {
        return isInline() ? "data:" + mediaType + ";base64," + data : url;
    }

    @Override
    public String toString() {
        return isInline() ? "Image[" + mediaType + ", " + data.length() + " base64 chars]" : "Image[" + url + "]";
    }
}
