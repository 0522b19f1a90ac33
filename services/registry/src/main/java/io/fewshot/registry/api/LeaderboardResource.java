package io.fewshot.registry.api;

import io.fewshot.registry.db.RunQueries;
import io.fewshot.registry.db.Views.LeaderboardGroup;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/leaderboard")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "leaderboard")
public class LeaderboardResource {
    @Inject
    RunQueries queries;

    @GET
    @Operation(summary = "Evaluated runs ranked by accuracy within each dataset, way and shot",
            description = "Optional filters dataset, way, shot; limit (1-100, default 10) entries per group.")
    public List<LeaderboardGroup> leaderboard(@QueryParam("dataset") String dataset, @QueryParam("way") String way,
            @QueryParam("shot") String shot, @QueryParam("limit") String limit) {
        return queries.leaderboard(Params.id("dataset", dataset), Params.integer("way", way, null, 2, 10_000),
                Params.integer("shot", shot, null, 1, 10_000), Params.integer("limit", limit, 10, 1, 100));
    }
}
