package io.parley.http;

import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.http.ApiServer.Reply;
import io.parley.engine.spi.storage.ModelRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The model registry over HTTP (docs/models.md#model-registry), read-only: every registered model
 * version, the versions of one model, one version. Models register themselves when a rule set that
 * uses them is prepared. An unknown model or version is a 404 naming what is registered.
 */
public final class ModelRoutes {
    static final String MODELS = "/api/v1/models";

    private final Vertx vertx;
    private final ModelRegistry models;

    public ModelRoutes(Vertx vertx, ModelRegistry models) {
        this.vertx = vertx;
        this.models = models;
    }

    public void mount(Router router) {
        router.get(MODELS).handler(ctx -> respond(ctx, () -> Reply.of(200, models.all())));
        router.get(MODELS + "/:id").handler(ctx -> respond(ctx, () -> versions(ctx.pathParam("id"))));
        router.get(MODELS + "/:id/versions/:version").handler(ctx -> respond(ctx, () -> {
            String id = ctx.pathParam("id");
            String version = ctx.pathParam("version");
            return models.find(id, version).map(model -> Reply.of(200, model)).orElseGet(() -> {
                List<RegisteredModel> versions = models.versions(id);
                return versions.isEmpty() ? unknown(id) : Reply.error(404, "model '" + id + "' has no version '" + version
                        + "'; registered versions: " + String.join(", ", versions.stream().map(RegisteredModel::version).toList()));
            });
        }));
    }

    private Reply versions(String id) {
        List<RegisteredModel> versions = models.versions(id);
        return versions.isEmpty() ? unknown(id) : Reply.of(200, versions);
    }

    private Reply unknown(String id) {
        List<String> ids = models.all().stream().map(RegisteredModel::id).distinct().toList();
        String typo = NameSuggestions.didYouMean(id, ids);
        return Reply.error(404, "no model '" + id + "' is registered" + (typo == null ? "" : "; " + typo)
                + (ids.isEmpty() ? " (none is: models register when a rule set that uses them is prepared)"
                : " (registered: " + String.join(", ", ids) + ")"));
    }

    private void respond(RoutingContext ctx, Callable<Reply> work) {
        vertx.executeBlocking(work, false).onSuccess(reply -> ApiServer.send(ctx, reply)).onFailure(ctx::fail);
    }
}
