package io.llmfailover.router.stream;

import java.util.Arrays;

import io.vertx.core.buffer.Buffer;

/**
 * Cuts an upstream answer's bytes into records as they arrive, whatever the network's chunk boundaries:
 * {@link #ndjson()} gives each line (Ollama), {@link #sse()} each server-sent event, its {@code event:} name and its
 * {@code data:} lines joined (Gemini, NVIDIA, Anthropic). Only the unfinished line is kept between chunks, so memory
 * stays small whatever the answer's length; a line over {@link #MAX_LINE} bytes is a malformed stream.
 */
public abstract class Framing {

    /** The longest line accepted: an answer's event is a few hundred bytes, a whole answer in one event may be more. */
    public static final int MAX_LINE = 4 * 1024 * 1024;

    /** Receives each record. */
    public interface Records {
        /**
         * @param event the SSE event name, or null (NDJSON, or an SSE event without a name)
         * @param data  the record's bytes: the NDJSON line, or the SSE data lines joined by newlines
         */
        void record(String event, byte[] data, int length);

        /** The bytes could not be cut into records (a line too long). */
        void malformed(String what);
    }

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean overflow;

    public static Framing ndjson() {
        return new Ndjson();
    }

    public static Framing sse() {
        return new Sse();
    }

    /** Feeds one chunk of the answer's bytes. */
    public final void feed(Buffer chunk, Records out) {
        int length = chunk.length();
        for (int i = 0; i < length; i++) {
            byte b = chunk.getByte(i);
            if (b == '\n') {
                int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                lineLength = 0;
                if (overflow) {
                    overflow = false;
                    out.malformed("a line longer than " + MAX_LINE + " bytes");
                    continue;
                }
                line(line, end, out);
            } else if (!overflow) {
                if (lineLength == MAX_LINE) {
                    overflow = true;
                } else {
                    if (lineLength == line.length) {
                        line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
                    }
                    line[lineLength++] = b;
                }
            }
        }
    }

    /** The answer ended: a last line without its newline still counts. */
    public final void finish(Records out) {
        if (lineLength > 0 && !overflow) {
            int end = lineLength;
            lineLength = 0;
            line(line, end, out);
        }
        end(out);
    }

    protected abstract void line(byte[] bytes, int length, Records out);

    protected void end(Records out) {
    }

    /** One JSON object per line; blank lines are skipped. */
    private static final class Ndjson extends Framing {
        @Override
        protected void line(byte[] bytes, int length, Records out) {
            if (!isBlank(bytes, length)) {
                out.record(null, bytes, length);
            }
        }
    }

    /**
     * Server-sent events: {@code event:} names the event, {@code data:} lines (joined by newlines) are its data, a
     * blank line ends it; comments ({@code :}) and other fields are skipped.
     */
    private static final class Sse extends Framing {
        private String event;
        private byte[] data;
        private int dataLength = -1;

        @Override
        protected void line(byte[] bytes, int length, Records out) {
            if (length == 0) {
                dispatch(out);
            } else if (startsWith(bytes, length, "data:")) {
                append(bytes, valueStart(bytes, length, 5), length);
            } else if (startsWith(bytes, length, "event:")) {
                int from = valueStart(bytes, length, 6);
                event = new String(bytes, from, length - from, java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        @Override
        protected void end(Records out) {
            dispatch(out);
        }

        private void append(byte[] bytes, int from, int to) {
            int n = to - from;
            if (dataLength < 0) {
                if (data == null || data.length < n) {
                    data = new byte[Math.max(256, n)];
                }
                System.arraycopy(bytes, from, data, 0, n);
                dataLength = n;
            } else {
                int needed = dataLength + 1 + n;
                if (data.length < needed) {
                    data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
                }
                data[dataLength] = '\n';
                System.arraycopy(bytes, from, data, dataLength + 1, n);
                dataLength = needed;
            }
        }

        private void dispatch(Records out) {
            if (dataLength >= 0) {
                int n = dataLength;
                dataLength = -1;
                String name = event;
                event = null;
                out.record(name, data, n);
            } else {
                event = null;
            }
        }

        private static int valueStart(byte[] bytes, int length, int after) {
            return after < length && bytes[after] == ' ' ? after + 1 : after;
        }
    }

    static boolean startsWith(byte[] bytes, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
