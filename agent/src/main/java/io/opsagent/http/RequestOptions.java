package io.opsagent.http;

import io.opsagent.util.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named options of a POST given either as query parameters or as a flat JSON body (the query wins),
 * so {@code curl -X POST ".../profile?event=cpu"} and a JSON client both work. Whole numbers in the
 * body read as {@code 30}, not Gson's {@code 30.0}.
 */
public final class RequestOptions {
    private final Request request;
    private final Map<String, Object> body;

    private RequestOptions(Request request, Map<String, Object> body) {
        this.request = request;
        this.body = body;
    }

    /** Reads the body once; 400 with {@code example} as the hint when it is not a JSON object. */
    public static RequestOptions of(Request r, String example) {
        String text = r.bodyText().trim();
        if (text.isEmpty()) {
            return new RequestOptions(r, new LinkedHashMap<String, Object>());
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = Json.gson().fromJson(text, Map.class);
            return new RequestOptions(r, m == null ? new LinkedHashMap<String, Object>() : m);
        } catch (RuntimeException e) {
            throw HttpError.badRequest("the body is not a JSON object", "send " + example + " or use query parameters");
        }
    }

    /** The option as text, or {@code dflt} when neither the query nor the body has it. */
    public String get(String name, String dflt) {
        String q = request.query(name);
        if (q != null) {
            return q;
        }
        Object v = body.get(name);
        if (v instanceof Double && ((Double) v) == Math.rint((Double) v)) {
            return Long.toString(((Double) v).longValue());
        }
        return v == null ? dflt : String.valueOf(v);
    }
}
