package io.fewshot.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Kubernetes client configured as kubectl would be: the file named by KUBECONFIG (its first entry),
 * else ~/.kube/config, else the pod's service account when running in a cluster.
 */
final class KubernetesConnection {
    private KubernetesConnection() {
    }

    static KubernetesClient connect(Map<String, String> env) {
        Config config;
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            Path file = Path.of(kubeconfig.split(File.pathSeparator)[0]);
            try {
                config = Config.fromKubeconfig(Files.readString(file));
            } catch (IOException e) {
                throw new CliException("KUBECONFIG names " + file + ", which cannot be read: " + e.getMessage(),
                        CliException.USAGE, e);
            }
        } else {
            config = Config.autoConfigure(null);
        }
        config.setConnectionTimeout(10_000);
        config.setRequestTimeout(30_000);
        config.setRequestRetryBackoffLimit(2);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
