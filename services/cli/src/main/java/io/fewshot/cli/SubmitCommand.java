package io.fewshot.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fewshot.contracts.sweep.SweepPlan;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code fsb submit}: starts a sweep, on the local stack (events) or on Kubernetes (an Argo Workflow). */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a sweep and print its id on stdout.",
            "Local (default): writes sweeps/<id>/plan.json to S3 and publishes one fsl.training.requested.v1 per cell.",
            "--cluster: creates an Argo Workflow from the WorkflowTemplate fewshot-sweep through the Kubernetes API"
                    + " (KUBECONFIG, ~/.kube/config or the pod's service account)."})
public class SubmitCommand implements Callable<Integer> {
    @ParentCommand
    Fsb fsb;

    @Mixin
    SweepSelection selection;

    @Option(names = "--sweep-id", paramLabel = "ID",
            description = "name of the sweep (default: a new one, <profile>-<UTC time>-<random>); reuse an id to"
                    + " continue that sweep")
    String sweepId;

    @Option(names = "--force", description = "local: train every cell again, even those already completed")
    boolean force;

    @Option(names = "--cluster", description = "submit to Argo Workflows on Kubernetes instead of the local stack")
    boolean cluster;

    @Option(names = {"-n", "--namespace"}, description = "--cluster: namespace of the WorkflowTemplate (default: fewshot)")
    String namespace;

    @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "--cluster: a workflow parameter, e.g. -p omniglot-source=https://... (repeatable)")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        String id = cluster ? submitToCluster() : submitLocally();
        fsb.out().println(id);
        return 0;
    }

    private String submitLocally() {
        if (namespace != null || !parameters.isEmpty()) {
            throw new CliException("--namespace and -p are for --cluster; a local sweep takes --profile, --datasets, --rows,"
                    + " --configs and --sweep-id");
        }
        SweepPlan plan = selection.plan();
        String id = sweepId != null ? SweepIds.check(sweepId) : SweepIds.fresh(selection.profile(), Clock.systemUTC());
        plan = plan.withSweepId(id);
        new LocalSubmitter(connection.resolve(fsb.env())).submit(plan, force);
        fsb.err().println("submitted sweep " + id + ": " + plan.cells().size() + " cells (" + selection.profile().id()
                + " profile); follow it with: fsb watch --sweep " + id);
        return id;
    }

    private String submitToCluster() {
        if (selection.datasets != null || force) {
            throw new CliException("--datasets and --force are for local sweeps; on Argo the datasets follow from the"
                    + " omniglot-source and miniimagenet-source parameters (-p)");
        }
        Map<String, String> args = new LinkedHashMap<>();
        args.put("profile", selection.profile().id());
        // A narrowed sweep: the template's rows and configs parameters (checked here as for a local sweep).
        selection.plan();
        if (selection.rows != null) {
            args.put("rows", String.join(",", selection.rows));
        }
        if (selection.configs != null) {
            args.put("configs", String.join(",", selection.configs));
        }
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (p.getKey().equals("profile") && !p.getValue().equals(selection.profile().id())) {
                throw new CliException("-p profile=" + p.getValue() + " contradicts --profile "
                        + selection.profile().id());
            }
            args.put(p.getKey(), p.getValue());
        }
        String ns = namespace != null ? namespace : "fewshot";
        String name = SweepIds.checkForKubernetes(sweepId != null ? sweepId
                : SweepIds.fresh(selection.profile(), Clock.systemUTC()));
        try (KubernetesClient client = KubernetesConnection.connect(fsb.env())) {
            GenericKubernetesResource wf = new ClusterSubmitter(client).submit(ns, name, args);
            fsb.err().println("created Workflow " + ns + "/" + wf.getMetadata().getName() + " from WorkflowTemplate "
                    + ClusterSubmitter.TEMPLATE + " at " + client.getMasterUrl() + "; follow it with: argo -n " + ns
                    + " watch " + name + "  or  fsb watch --sweep " + name);
            return wf.getMetadata().getName();
        }
    }
}
