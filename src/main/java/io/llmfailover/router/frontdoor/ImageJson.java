package io.llmfailover.router.frontdoor;

import static io.llmfailover.router.frontdoor.JsonFields.present;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmfailover.router.chat.Image;
import io.llmfailover.router.chat.InvalidChatRequestException;

/**
 * Images as each door sends them: OpenAI {@code image_url} content parts (a {@code data:} URL or an http(s) URL),
 * Ollama {@code images} (base64, the media type read from the image's first bytes). The whole request is bounded by
 * {@code llm.http.max-body} (a larger one is a 413); each check here names the field.
 */
final class ImageJson {

    static final Set<String> MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    private static final String KINDS = "a PNG, JPEG, GIF or WebP image";

    private ImageJson() {
    }

    /** The {@code image_url} parts of an OpenAI message's content array (none for a string content). */
    static List<Image> openAiParts(JsonNode content, String path) {
        if (content == null || !content.isArray()) {
            return List.of();
        }
        List<Image> out = new ArrayList<>(1);
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            if (!"image_url".equals(part.path("type").asText())) {
                continue;
            }
            String p = path + "[" + j + "].image_url";
            JsonNode imageUrl = part.get("image_url");
            JsonNode url = imageUrl == null ? null : imageUrl.isTextual() ? imageUrl : imageUrl.get("url");
            out.add(fromUrl(JsonFields.requireString(url, p + ".url"), p + ".url"));
        }
        return out;
    }

    /** A {@code data:image/...;base64,...} URL or an http(s) URL. */
    static Image fromUrl(String url, String field) {
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            String head = comma < 0 ? "" : url.substring(5, comma).toLowerCase(Locale.ROOT);
            if (!head.endsWith(";base64")) {
                throw new InvalidChatRequestException(field + " must be a base64 data: URL (data:image/png;base64,...)",
                        field);
            }
            String type = head.substring(0, head.length() - ";base64".length());
            if (!MEDIA_TYPES.contains(type)) {
                throw new InvalidChatRequestException(field + " must be " + KINDS + ", not '" + JsonFields.echo(type)
                        + "'", field);
            }
            String data = url.substring(comma + 1);
            decode(data, field);
            return Image.inline(type, data);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new InvalidChatRequestException(field + " must be an http(s) URL or a data: URL", field);
        }
        return Image.at(url);
    }

    /** Ollama's {@code images}: base64 strings. */
    static List<Image> ollama(JsonNode images, String field) {
        if (!present(images)) {
            return List.of();
        }
        if (!images.isArray()) {
            throw new InvalidChatRequestException(field + " must be an array of base64 images", field);
        }
        List<Image> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            String f = field + "[" + i + "]";
            JsonNode n = images.get(i);
            if (!n.isTextual()) {
                throw new InvalidChatRequestException(f + " must be a base64 string", f);
            }
            String data = n.textValue();
            out.add(Image.inline(sniff(decode(data, f), f), data));
        }
        return out;
    }

    private static byte[] decode(String base64, String field) {
        try {
            byte[] b = Base64.getMimeDecoder().decode(base64);
            if (b.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new InvalidChatRequestException(field + " is not valid base64 image data", field);
        }
    }

    /** The media type from the image's first bytes. */
    private static String sniff(byte[] b, String field) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        throw new InvalidChatRequestException(field + " is not " + KINDS, field);
    }
}
