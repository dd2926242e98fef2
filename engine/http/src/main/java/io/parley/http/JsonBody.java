package io.parley.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON object of a request body, read field by field; a field that is missing or of the wrong type
 * is a 400 problem naming it by JSON pointer ({@code /hits/2/confirmed must be true or false}).
 */
public final class JsonBody {
    private final JsonNode node;
    private final String pointer;

    JsonBody(JsonNode node, String pointer) {
        this.node = node;
        this.pointer = pointer;
    }

    /** The pointer of a member of this object. */
    private String pointer(String name) {
        return pointer + "/" + name;
    }

    /** A member that must be there and not null. */
    public JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw HttpProblem.badRequest(pointer(name) + " is required").with("field", pointer(name));
        }
        return value;
    }

    /** A member that must be a JSON object. */
    public JsonBody object(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw HttpProblem.badRequest(pointer(name) + " must be an object").with("field", pointer(name));
        }
        return new JsonBody(value, pointer(name));
    }

    /** A member that must be an array of objects, each read as a body of its own. */
    public List<JsonBody> objects(String name, String expected) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw HttpProblem.badRequest(pointer(name) + " must be an array of " + expected).with("field", pointer(name));
        }
        List<JsonBody> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(new JsonBody(value.get(i), pointer(name) + "/" + i));
        }
        return items;
    }

    /** A member that must be an array of strings. */
    public List<String> strings(String name, String expected) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw HttpProblem.badRequest(pointer(name) + " must be an array of " + expected).with("field", pointer(name));
        }
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        return items;
    }

    public String requiredText(String name) {
        return text(name).orElseThrow(() -> HttpProblem.badRequest(pointer(name) + " is required").with("field", pointer(name)));
    }

    public Optional<String> text(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw HttpProblem.badRequest(pointer(name) + " must be a string").with("field", pointer(name));
        }
        return Optional.of(value.textValue());
    }

    /** A boolean member that must be there; {@code meaning} says what true and false mean. */
    public boolean requiredBoolean(String name, String meaning) {
        JsonNode value = required(name);
        if (!value.isBoolean()) {
            throw HttpProblem.badRequest(pointer(name) + " must be " + meaning).with("field", pointer(name));
        }
        return value.booleanValue();
    }

    public Optional<Double> number(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw HttpProblem.badRequest(pointer(name) + " must be a number").with("field", pointer(name));
        }
        return Optional.of(value.doubleValue());
    }

    public int requiredInt(String name) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw HttpProblem.badRequest(pointer(name) + " must be an integer").with("field", pointer(name));
        }
        return value.intValue();
    }
}
