package io.fewshot.registry.api;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.events.SweepCompleted;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.registry.db.Database;
import io.fewshot.registry.db.RunQueries;
import io.fewshot.registry.db.RunWriter;
import io.fewshot.registry.db.Views.RunSummary;
import io.fewshot.registry.db.Views.SweepSummary;
import io.fewshot.registry.ingest.PlanLoader;
import io.fewshot.registry.io.EventPublisher;
import io.fewshot.registry.sweep.SweepCloser;
import io.fewshot.registry.sweep.SweepTable;
import io.fewshot.registry.sweep.TableRenderer;
import io.fewshot.rest.ApiException;
import io.fewshot.rest.WriteGuard;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sweeps")
@SecurityScheme(securitySchemeName = "writeToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The registry's write token (registry.write-token, REGISTRY_WRITE_TOKEN)")
public class SweepsResource {
    static final String CSV = "text/csv; charset=utf-8";
    static final String MARKDOWN = "text/markdown; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    @Inject
    RunQueries queries;

    @Inject
    SweepCloser closer;

    @Inject
    PlanLoader plans;

    @Inject
    Database db;

    @Inject
    WriteGuard guard;

    @Inject
    EventPublisher publisher;

    /** A sweep with the runs of its cells. */
    public record SweepDetail(SweepSummary sweep, List<RunSummary> runs) {
    }

    @GET
    @Operation(summary = "Every sweep with its progress, most recent first")
    public List<SweepSummary> list() {
        return queries.sweeps();
    }

    @GET
    @Path("{sweepId}")
    @Operation(summary = "One sweep: progress and the runs of its cells")
    public SweepDetail get(@PathParam("sweepId") String sweepId) {
        String id = Params.requiredId("sweepId", sweepId);
        SweepSummary sweep = queries.sweep(id).orElseThrow(() -> unknown(id));
        return new SweepDetail(sweep, queries.sweepRuns(id));
    }

    @GET
    @Path("{sweepId}/table")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", "text/markdown", "text/html"})
    @Operation(summary = "The sweep's results laid out as the paper's tables, ours beside the paper's",
            description = "format=json (default), csv, md or html; without format, the Accept header chooses."
                    + " JSON holds fractions; CSV, Markdown and HTML print percent, as the paper does.")
    public Response table(@PathParam("sweepId") String sweepId, @QueryParam("format") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        String id = Params.requiredId("sweepId", sweepId);
        String chosen = format(format, accept);
        SweepTable table = closer.table(id).orElseThrow(() -> unknown(id));
        return switch (chosen) {
            case "csv" -> Response.ok(TableRenderer.csv(table), CSV).build();
            case "md" -> Response.ok(TableRenderer.markdown(table), MARKDOWN).build();
            case "html" -> Response.ok(TableRenderer.html(table), HTML).build();
            default -> Response.ok(table, MediaType.APPLICATION_JSON).build();
        };
    }

    @POST
    @Path("{sweepId}/close")
    @SecurityRequirement(name = "writeToken")
    @Operation(summary = "Close a sweep now (write), whatever is pending: writes its tables, emits"
            + " fsl.sweep.completed.v1. Needs Authorization: Bearer <registry write token>.")
    public SweepCompleted close(@PathParam("sweepId") String sweepId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        guard.check(authorization);
        String id = Params.requiredId("sweepId", sweepId);
        SweepSummary sweep = queries.sweep(id).orElseThrow(() -> unknown(id));
        if (!publisher.enabled()) {
            throw ApiException.unavailable("this registry runs without Kafka"
                    + " (registry.kafka.enabled=false), so it cannot announce a completed sweep");
        }
        if (!sweep.planned()) {
            throw ApiException.conflict("sweep '" + id + "' has no plan (" + ObjectKeys.sweepPlan(id)
                    + " was not found), so its profile and cells are unknown; write the plan and reload it first");
        }
        if (sweep.completedAt() != null) {
            throw ApiException.conflict("sweep '" + id + "' was completed at " + sweep.completedAt());
        }
        return closer.close(id, SweepCloser.BY_OPERATOR);
    }

    @POST
    @Path("{sweepId}/reload-plan")
    @SecurityRequirement(name = "writeToken")
    @Operation(summary = "Read the sweep's plan.json again (write); for a plan written after its first events."
            + " Needs Authorization: Bearer <registry write token>.")
    public SweepSummary reloadPlan(@PathParam("sweepId") String sweepId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        guard.check(authorization);
        String id = Params.requiredId("sweepId", sweepId);
        SweepPlan plan = plans.load(id).orElseThrow(() -> ApiException.notFound("no valid plan at "
                + ObjectKeys.sweepPlan(id)));
        db.inTransaction(c -> {
            Instant now = Instant.now();
            RunWriter.ensureSweep(c, id, now);
            if (!RunWriter.isPlanned(c, id)) {
                RunWriter.setPlan(c, plan, now);
            }
            return null;
        });
        closer.closeIfComplete(id);
        return queries.sweep(id).orElseThrow();
    }

    private static String format(String format, String accept) {
        if (format != null && !format.isEmpty()) {
            String f = format.toLowerCase(Locale.ROOT);
            return switch (f) {
                case "json", "csv", "md", "html" -> f;
                case "markdown" -> "md";
                default -> throw ApiException.badRequest("format: expected json, csv, md or html");
            };
        }
        String a = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        if (a.contains("text/csv")) {
            return "csv";
        }
        if (a.contains("text/markdown")) {
            return "md";
        }
        return "json";
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("no sweep '" + id + "'");
    }
}
