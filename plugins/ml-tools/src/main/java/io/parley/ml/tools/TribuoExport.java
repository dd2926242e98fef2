package io.parley.ml.tools;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What a head's descriptor says of the model Tribuo trained: its inputs and outputs in the order of
 * the exported ONNX model (Tribuo orders features by name and labels as it met them), by which the
 * plugins feed and read it.
 */
public final class TribuoExport {
    private TribuoExport() {
    }

    public static List<String> featureOrder(Model<Label> model) {
        ImmutableFeatureMap features = model.getFeatureIDMap();
        return IntStream.range(0, features.size()).mapToObj(id -> features.get(id).getName()).toList();
    }

    public static List<String> labelOrder(Model<Label> model) {
        return IntStream.range(0, model.getOutputIDInfo().size()).mapToObj(id -> model.getOutputIDInfo().getOutput(id).getLabel()).toList();
    }
}
