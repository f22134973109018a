package io.llmfailover.router.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * JSON written straight to UTF-8 bytes with a generator, no tree in between: the request bodies sent upstream and
 * the answers the front doors send back. Bytes give the HTTP message a Content-Length.
 */
public final class JsonBytes {

    private JsonBytes() {
    }

    /** One JSON document written to a generator. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /** The document {@code writer} writes, as bytes; {@code sizeHint} is the buffer to start with. */
    public static byte[] write(JsonFactory factory, int sizeHint, Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
