package io.fewshot.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * An ordered, named set of tensors: the weights of a functional network.
 *
 * <p>Networks here are functions of their weights rather than blocks that own them, because MAML,
 * Meta-SGD and the amortized BNN all run the same network on weights that are computed (adapted
 * or generated) per task.
 */
public final class Params {
    private final LinkedHashMap<String, NDArray> arrays;

    public Params() {
        this.arrays = new LinkedHashMap<>();
    }

    private Params(LinkedHashMap<String, NDArray> arrays) {
        this.arrays = arrays;
    }

    public Params put(String name, NDArray array) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' already exists");
        }
        arrays.put(name, array);
        return this;
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; have " + arrays.keySet());
        }
        return a;
    }

    public boolean has(String name) {
        return arrays.containsKey(name);
    }

    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(arrays);
    }

    public int size() {
        return arrays.size();
    }

    /** Total number of scalars. */
    public long count() {
        long n = 0;
        for (NDArray a : arrays.values()) {
            n += a.size();
        }
        return n;
    }

    /** A new set with {@code fn(name, array)} applied to every entry, in order. */
    public Params map(BiFunction<String, NDArray, NDArray> fn) {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> out.put(k, fn.apply(k, v)));
        return new Params(out);
    }

    /** A new set with {@code fn(mine, theirs)} applied entry by entry; the names must match. */
    public Params zip(Params other, BiFunction<NDArray, NDArray, NDArray> fn) {
        if (!arrays.keySet().equals(other.arrays.keySet())) {
            throw new IllegalArgumentException("parameter names differ: " + names() + " vs " + other.names());
        }
        return map((k, v) -> fn.apply(v, other.get(k)));
    }

    public void requireGradients() {
        arrays.values().forEach(a -> a.setRequiresGradient(true));
    }

    /** Deep copy into {@code manager}, detached from any graph. */
    public Params copyTo(NDManager manager) {
        return map((k, v) -> {
            // duplicate(), not toDevice(same device, copy=true): the latter can return a view that
            // dies with the source's manager.
            NDArray c = v.stopGradient().duplicate();
            c.attach(manager);
            return c;
        });
    }

    /**
     * Copies {@code from}'s values into these arrays, name by name. Refused unless both hold the same names, so
     * that the weights of another network (a checkpoint of another spec, e.g. one with {@code tuneBackbone}, or of
     * an engine that names them otherwise) never load partly and silently.
     *
     * @param what what {@code from} is, for the error
     */
    public void assign(Params from, String what) {
        List<String> extra = from.names().stream().filter(k -> !has(k)).sorted().toList();
        List<String> missing = names().stream().filter(k -> !from.has(k)).sorted().toList();
        if (!extra.isEmpty() || !missing.isEmpty()) {
            throw new IllegalArgumentException(what + " does not fit this network:"
                    + (extra.isEmpty() ? "" : " " + extra.size() + " arrays the network lacks, " + first(extra) + ";")
                    + (missing.isEmpty() ? "" : " " + missing.size() + " of the network's missing, " + first(missing)
                    + ";") + " was it trained with another spec or engine?");
        }
        arrays.forEach((k, v) -> from.get(k).copyTo(v));
    }

    private static List<String> first(List<String> names) {
        return names.subList(0, Math.min(5, names.size()));
    }

    /** Temporarily attaches every array to {@code scope}: results of ops on them land in it too. */
    public void tempAttach(NDManager scope) {
        arrays.values().forEach(a -> a.tempAttach(scope));
    }

    public NDList toNDList(String prefix) {
        NDList list = new NDList();
        arrays.forEach((k, v) -> {
            v.setName(prefix + k);
            list.add(v);
        });
        return list;
    }

    /** The entries of {@code list} whose names start with {@code prefix}, prefix removed. */
    public static Params fromNDList(NDList list, String prefix) {
        Params p = new Params();
        for (NDArray a : list) {
            String name = a.getName();
            if (name != null && name.startsWith(prefix)) {
                p.put(name.substring(prefix.length()), a);
            }
        }
        return p;
    }

    public List<NDArray> arrays() {
        return new ArrayList<>(arrays.values());
    }
}
