package io.parley.http.routes;

import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.storage.ModelRegistry;
import io.parley.engine.api.security.Permission;
import io.parley.engine.spi.storage.Storage;
import io.parley.http.HttpProblem;
import io.parley.http.Request;
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

    private final Storage storage;

    /** @param storage the caller's tenant's registry is read: shipped models register per tenant when its rule sets use them */
    public ModelRoutes(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void register(Routes routes) {
        routes.get(MODELS, Permission.MODELS_READ, request -> Reply.of(200, models(request).all()))
                .get(MODELS + "/:id", Permission.MODELS_READ, request -> versions(models(request), request.pathParam("id")))
                .get(MODELS + "/:id/versions/:version", Permission.MODELS_READ, request -> {
                    ModelRegistry models = models(request);
                    String id = request.pathParam("id");
                    String version = request.pathParam("version");
                    return models.find(id, version).map(model -> Reply.of(200, model)).orElseGet(() -> {
                        List<RegisteredModel> versions = models.versions(id);
                        if (versions.isEmpty()) {
                            throw unknown(models, id);
                        }
                        throw HttpProblem.notFound("model '" + id + "' has no version '" + version + "'; registered versions: "
                                + String.join(", ", versions.stream().map(RegisteredModel::version).toList()));
                    });
                });
    }

    private ModelRegistry models(Request request) {
        return storage.tenant(request.tenant()).models();
    }

    private Reply versions(ModelRegistry models, String id) {
        List<RegisteredModel> versions = models.versions(id);
        if (versions.isEmpty()) {
            throw unknown(models, id);
        }
        return Reply.of(200, versions);
    }

    private static HttpProblem unknown(ModelRegistry models, String id) {
        List<String> ids = models.all().stream().map(RegisteredModel::id).distinct().toList();
        String typo = NameSuggestions.didYouMean(id, ids);
        return HttpProblem.notFound("no model '" + id + "' is registered" + (typo == null ? "" : "; " + typo)
                + (ids.isEmpty() ? " (none is: models register when a rule set that uses them is prepared)"
                : " (registered: " + String.join(", ", ids) + ")"));
    }
}
