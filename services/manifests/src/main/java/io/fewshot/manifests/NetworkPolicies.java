package io.fewshot.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides, as Kubernetes would, whether the NetworkPolicies of a render let one pod open a
 * connection to another on a port: the sender's egress and the receiver's ingress must both
 * allow it. A pod that no policy of a direction selects is open in that direction.
 *
 * Connections to addresses outside the cluster (the internet, the API server, the cloud's metadata
 * endpoint) are decided by the sender's egress ipBlocks alone.
 *
 * <p>Simplifications, none of which the project's policies rely on: ipBlock peers never match a
 * pod (pod addresses are not known offline), only IPv4 addresses are evaluated, named ports in
 * policies are not resolved, and policies apply only to pods of their own namespace.
 */
public final class NetworkPolicies {

    /** A pod: its namespace, the labels of that namespace, and its own labels. */
    public record Pod(String namespace, Map<String, String> namespaceLabels, Map<String, String> labels) {

        public static Pod in(String namespace, Map<String, String> labels) {
            return new Pod(namespace, Map.of("kubernetes.io/metadata.name", namespace), labels);
        }
    }

    private final List<JsonNode> policies = new ArrayList<>();

    public NetworkPolicies(List<JsonNode> objects) {
        objects.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy")).forEach(policies::add);
    }

    public boolean allows(Pod from, Pod to, int port, String protocol) {
        return allowed(from, peers -> peerMatches(peers, to, from.namespace()), port, protocol, "Egress", "egress", "to")
                && allowed(to, peers -> peerMatches(peers, from, to.namespace()), port, protocol, "Ingress", "ingress", "from");
    }

    /** Whether {@code from} may open a connection to an IPv4 address outside the cluster's pods. */
    public boolean allowsAddress(Pod from, String ipv4, int port, String protocol) {
        long address = Cidr.address(ipv4);
        return allowed(from, peers -> addressMatches(peers, address), port, protocol, "Egress", "egress", "to");
    }

    /** Whether the policies that select {@code subject} in one direction admit a peer. */
    private boolean allowed(Pod subject, Predicate<JsonNode> peerMatches, int port, String protocol, String type,
                            String rulesField, String peersField) {
        boolean selected = false;
        for (JsonNode policy : policies) {
            if (!policy.path("metadata").path("namespace").asText(subject.namespace()).equals(subject.namespace())
                    || !hasType(policy, type) || !matches(policy.path("spec").path("podSelector"), subject.labels())) {
                continue;
            }
            selected = true;
            for (JsonNode rule : policy.path("spec").path(rulesField)) {
                if (portMatches(rule.path("ports"), port, protocol) && peerMatches.test(rule.path(peersField))) {
                    return true;
                }
            }
        }
        return !selected;
    }

    private static boolean hasType(JsonNode policy, String type) {
        JsonNode types = policy.path("spec").path("policyTypes");
        if (types.isMissingNode() || types.isEmpty()) {
            return type.equals("Ingress") || policy.path("spec").has("egress");
        }
        for (JsonNode t : types) {
            if (t.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, int port, String protocol) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            boolean protocolOk = p.path("protocol").asText("TCP").equals(protocol);
            boolean portOk = !p.has("port") || (p.path("port").isInt() && (p.path("port").asInt() == port
                    || (p.has("endPort") && port >= p.path("port").asInt() && port <= p.path("endPort").asInt())));
            if (protocolOk && portOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean peerMatches(JsonNode peers, Pod peer, String policyNamespace) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode p : peers) {
            if (p.has("ipBlock")) {
                continue;
            }
            boolean namespaceOk = p.has("namespaceSelector")
                    ? matches(p.path("namespaceSelector"), peer.namespaceLabels())
                    : peer.namespace().equals(policyNamespace);
            boolean podOk = !p.has("podSelector") || matches(p.path("podSelector"), peer.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean addressMatches(JsonNode peers, long address) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode p : peers) {
            JsonNode block = p.path("ipBlock");
            if (block.has("cidr") && Cidr.contains(block.path("cidr").asText(), address)) {
                boolean excepted = false;
                for (JsonNode except : block.path("except")) {
                    excepted |= Cidr.contains(except.asText(), address);
                }
                if (!excepted) {
                    return true;
                }
            }
        }
        return false;
    }

    /** IPv4 CIDR arithmetic; an IPv6 block contains no IPv4 address. */
    static final class Cidr {

        private Cidr() {
        }

        static long address(String ipv4) {
            String[] octets = ipv4.split("\\.");
            if (octets.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
            }
            long value = 0;
            for (String octet : octets) {
                int n = Integer.parseInt(octet);
                if (n < 0 || n > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
                }
                value = (value << 8) | n;
            }
            return value;
        }

        static boolean contains(String cidr, long address) {
            if (cidr.contains(":")) {
                return false;
            }
            String[] parts = cidr.split("/");
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            return (address(parts[0]) & mask) == (address & mask);
        }
    }

    /** A LabelSelector: matchLabels all equal and every matchExpression holds; empty matches all. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.get(expression.path("key").asText());
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean holds = switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("unknown selector operator " + expression.path("operator"));
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}
