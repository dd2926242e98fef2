package io.parley.plugins.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the tiny "complaint" classifier the bring-your-own-model tests and docs use: an ONNX
 * model (written field by field as ONNX protobuf, opset 13) that sums a learned-by-hand weight
 * table over the tokens of a text — logits = bias + Σ mask·table[input_id] — with its WordPiece
 * tokenizer.json. Complaint characters (投诉, 差评, 骗子, 垃圾…) push the "complaint" logit up,
 * everything else the "other" one slightly. Variants: one whose table holds NaN for 投 (a model that
 * returns NaN) and one with three outputs (a model that does not fit two labels).
 * {@link TinyClassifierExportTest} checks the committed files are exactly what this writes, and
 * rewrites them with {@code -Dparley.byom.regenerate=true} (src/test/resources/byom/README.md).
 */
public final class TinyClassifierExport {
    static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]");
    static final String COMPLAINT_CHARACTERS = "投诉差评骗子垃圾举报烂";
    static final String OTHER_CHARACTERS = "您好的谢请问有什么可以帮吗我要退款货";
    static final float COMPLAINT_WEIGHT = 2.0f;
    static final float OTHER_WEIGHT = 0.1f;
    static final float OTHER_BIAS = 1.0f;

    private TinyClassifierExport() {
    }

    static void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<String> vocabulary = vocabulary();
        Files.write(directory.resolve("complaint.onnx"), model(vocabulary, 2, false));
        Files.write(directory.resolve("complaint-nan.onnx"), model(vocabulary, 2, true));
        Files.write(directory.resolve("complaint-3-outputs.onnx"), model(vocabulary, 3, false));
        Files.writeString(directory.resolve("tokenizer.json"), tokenizer(vocabulary));
    }

    static List<String> vocabulary() {
        List<String> vocabulary = new ArrayList<>(SPECIAL);
        (COMPLAINT_CHARACTERS + OTHER_CHARACTERS).codePoints().mapToObj(Character::toString).forEach(vocabulary::add);
        return vocabulary;
    }

    /** [vocabulary, classes] weights: column 1 is "complaint", column 0 "other", a third column (if any) zero. */
    private static float[] table(List<String> vocabulary, int classes, boolean nan) {
        float[] table = new float[vocabulary.size() * classes];
        for (int token = 0; token < vocabulary.size(); token++) {
            String text = vocabulary.get(token);
            if (COMPLAINT_CHARACTERS.contains(text)) {
                table[token * classes + 1] = nan && text.equals("投") ? Float.NaN : COMPLAINT_WEIGHT;
                table[token * classes] = nan && text.equals("投") ? Float.NaN : 0;
            } else if (!SPECIAL.contains(text) || text.equals("[UNK]")) {
                table[token * classes] = OTHER_WEIGHT;
            }
        }
        return table;
    }

    static byte[] model(List<String> vocabulary, int classes, boolean nan) throws IOException {
        float[] bias = new float[classes];
        bias[0] = OTHER_BIAS;
        byte[] graph = message(out -> {
            writeNode(out, "Gather", List.of("table", "input_ids"), "embedded", Map.of());
            writeNode(out, "Cast", List.of("attention_mask"), "mask_float", Map.of("to", 1L));
            writeNode(out, "Unsqueeze", List.of("mask_float", "axis_2"), "mask_3d", Map.of());
            writeNode(out, "Mul", List.of("embedded", "mask_3d"), "masked", Map.of());
            writeNode(out, "ReduceSum", List.of("masked", "axis_1"), "summed", Map.of("keepdims", 0L));
            writeNode(out, "Add", List.of("summed", "bias"), "logits", Map.of());
            out.writeString(2, "tiny-complaint-classifier");
            writeFloatTensor(out, 5, "table", new long[]{vocabulary.size(), classes}, table(vocabulary, classes, nan));
            writeFloatTensor(out, 5, "bias", new long[]{classes}, bias);
            writeInt64Tensor(out, 5, "axis_2", 2);
            writeInt64Tensor(out, 5, "axis_1", 1);
            writeValueInfo(out, 11, "input_ids", 7, "batch", "sequence");
            writeValueInfo(out, 11, "attention_mask", 7, "batch", "sequence");
            writeValueInfo(out, 12, "logits", 1, "batch", classes);
        });
        return message(out -> {
            out.writeInt64(1, 8); // ir_version
            out.writeString(2, "parley TinyClassifierExport");
            out.writeByteArray(7, graph);
            out.writeByteArray(8, message(opset -> {
                opset.writeString(1, "");
                opset.writeInt64(2, 13);
            }));
        });
    }

    private static void writeNode(CodedOutputStream out, String op, List<String> inputs, String output, Map<String, Long> attributes)
            throws IOException {
        out.writeByteArray(1, message(node -> {
            for (String input : inputs) {
                node.writeString(1, input);
            }
            node.writeString(2, output);
            node.writeString(3, op + "_" + output);
            node.writeString(4, op);
            for (Map.Entry<String, Long> attribute : attributes.entrySet()) {
                node.writeByteArray(5, message(a -> {
                    a.writeString(1, attribute.getKey());
                    a.writeInt64(3, attribute.getValue());
                    a.writeInt32(20, 2); // AttributeProto.INT
                }));
            }
        }));
    }

    private static void writeFloatTensor(CodedOutputStream out, int field, String name, long[] dims, float[] values) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        writeTensor(out, field, name, dims, 1, raw.array());
    }

    private static void writeInt64Tensor(CodedOutputStream out, int field, String name, long value) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        writeTensor(out, field, name, new long[]{1}, 7, raw.array());
    }

    private static void writeTensor(CodedOutputStream out, int field, String name, long[] dims, int dataType, byte[] raw)
            throws IOException {
        out.writeByteArray(field, message(tensor -> {
            for (long dim : dims) {
                tensor.writeInt64(1, dim);
            }
            tensor.writeInt32(2, dataType);
            tensor.writeString(8, name);
            tensor.writeBytes(9, ByteString.copyFrom(raw));
        }));
    }

    /** A tensor value's name, element type and shape; a dimension is a size (Number) or a symbolic name (String). */
    private static void writeValueInfo(CodedOutputStream out, int field, String name, int elementType, Object... dims)
            throws IOException {
        out.writeByteArray(field, message(info -> {
            info.writeString(1, name);
            info.writeByteArray(2, message(type -> type.writeByteArray(1, message(tensor -> {
                tensor.writeInt32(1, elementType);
                tensor.writeByteArray(2, message(shape -> {
                    for (Object dim : dims) {
                        shape.writeByteArray(1, message(d -> {
                            if (dim instanceof Number size) {
                                d.writeInt64(1, size.longValue());
                            } else {
                                d.writeString(2, dim.toString());
                            }
                        }));
                    }
                }));
            }))));
        }));
    }

    @FunctionalInterface
    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writer.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** A BERT-style WordPiece tokenizer.json over the vocabulary: Chinese characters become one token each. */
    static String tokenizer(List<String> vocabulary) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        List<Map<String, Object>> added = new ArrayList<>();
        for (int id = 0; id < SPECIAL.size(); id++) {
            added.add(Map.of("id", id, "content", SPECIAL.get(id), "single_word", false, "lstrip", false, "rstrip", false,
                    "normalized", false, "special", true));
        }
        root.put("added_tokens", added);
        root.put("normalizer", Map.of("type", "BertNormalizer", "clean_text", true, "handle_chinese_chars", true,
                "lowercase", true));
        root.put("pre_tokenizer", Map.of("type", "BertPreTokenizer"));
        Map<String, Object> cls = Map.of("SpecialToken", Map.of("id", "[CLS]", "type_id", 0));
        Map<String, Object> sep = Map.of("SpecialToken", Map.of("id", "[SEP]", "type_id", 0));
        root.put("post_processor", Map.of("type", "TemplateProcessing",
                "single", List.of(cls, Map.of("Sequence", Map.of("id", "A", "type_id", 0)), sep),
                "pair", List.of(cls, Map.of("Sequence", Map.of("id", "A", "type_id", 0)), sep,
                        Map.of("Sequence", Map.of("id", "B", "type_id", 1)), Map.of("SpecialToken", Map.of("id", "[SEP]", "type_id", 1))),
                "special_tokens", Map.of(
                        "[CLS]", Map.of("id", "[CLS]", "ids", List.of(2), "tokens", List.of("[CLS]")),
                        "[SEP]", Map.of("id", "[SEP]", "ids", List.of(3), "tokens", List.of("[SEP]")))));
        root.put("decoder", Map.of("type", "WordPiece", "prefix", "##", "cleanup", true));
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            vocab.put(vocabulary.get(id), id);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        model.put("vocab", vocab);
        root.put("model", model);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(root) + "\n";
    }
}
