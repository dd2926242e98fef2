package io.parley.engine.impl.storage.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded server's unique indexes: stored exactly as H2's default
 * {@link ObjectDataType} stores them (so existing files read unchanged), but ordered by value.
 *
 * <p>The default type orders a {@link KeyValue}, which is not {@code Comparable}, by its Java
 * serialisation, and serialises both keys on every comparison of a B-tree search: profiled with
 * JFR, that was two thirds of the server's time on an insert. Here the values are compared
 * element by element: strings, numbers, booleans and object ids by their natural order, values of
 * different classes by class name, anything else by its serialisation. Two keys compare equal
 * exactly when their elements serialise equally, as before, so uniqueness means what it meant;
 * only the order of the entries in the map changes (see {@link ValueOrderedH2Backend} for files
 * written in the old order).
 */
final class KeyValueOrder extends ObjectDataType {

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            int common = Math.min(left.size(), right.size());
            for (int i = 0; i < common; i++) {
                int order = compareValues(left.get(i), right.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(left.size(), right.size());
        }
        return super.compare(a, b);
    }

    static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        if (a.getClass() != b.getClass()) {
            return a.getClass().getName().compareTo(b.getClass().getName());
        }
        return switch (a) {
            case String text -> text.compareTo((String) b);
            case Integer number -> number.compareTo((Integer) b);
            case Long number -> number.compareTo((Long) b);
            case Double number -> number.compareTo((Double) b);
            case Boolean flag -> flag.compareTo((Boolean) b);
            case ObjectId id -> id.compareTo((ObjectId) b);
            default -> compareNotNull(serialize(a), serialize(b));
        };
    }
}
