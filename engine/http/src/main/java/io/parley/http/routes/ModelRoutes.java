package io.parley.http.routes;

import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.storage.ModelRegistry;
import io.parley.http.HttpProblem;
import io.parley.http.Reply;
import io.parley.http.RouteModule;
import io.parley.http.Routes;

import java.util.List;

/**
 * The model registry over HTTP (docs/models.md#model-registry), read-only: every registered model
 * version, the versions of one model, one version. Models register themselves when a rule set that
 * uses them is prepared. An unknown model or version is a 404 naming what is registered.
 */
public final class ModelRoutes implements RouteModule {
    static final String MODELS = "/api/v1/models";

    private final ModelRegistry models;

    public ModelRoutes(ModelRegistry models) {
        this.models = models;
    }

    @Override
    public void register(Routes routes) {
        routes.get(MODELS, request -> Reply.of(200, models.all()))
                .get(MODELS + "/:id", request -> versions(request.pathParam("id")))
                .get(MODELS + "/:id/versions/:version", request -> {
                    String id = request.pathParam("id");
                    String version = request.pathParam("version");
                    return models.find(id, version).map(model -> Reply.of(200, model)).orElseGet(() -> {
                        List<RegisteredModel> versions = models.versions(id);
                        if (versions.isEmpty()) {
                            throw unknown(id);
                        }
                        throw HttpProblem.notFound("model '" + id + "' has no version '" + version + "'; registered versions: "
                                + String.join(", ", versions.stream().map(RegisteredModel::version).toList()));
                    });
                });
    }

    private Reply versions(String id) {
        List<RegisteredModel> versions = models.versions(id);
        if (versions.isEmpty()) {
            throw unknown(id);
        }
        return Reply.of(200, versions);
    }

    private HttpProblem unknown(String id) {
        List<String> ids = models.all().stream().map(RegisteredModel::id).distinct().toList();
        String typo = NameSuggestions.didYouMean(id, ids);
        return HttpProblem.notFound("no model '" + id + "' is registered" + (typo == null ? "" : "; " + typo)
                + (ids.isEmpty() ? " (none is: models register when a rule set that uses them is prepared)"
                : " (registered: " + String.join(", ", ids) + ")"));
    }
}
